import { replyRoute } from "@/lib/http/reply-route";

export const dynamic = "force-dynamic";

export const POST = replyRoute("zalo");
