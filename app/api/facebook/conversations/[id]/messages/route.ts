import { replyRoute } from "@/lib/routes/reply-route";

export const dynamic = "force-dynamic";

export const POST = replyRoute("facebook");
