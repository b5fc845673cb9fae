// POST /api/<channel>/conversations/:id/messages for every channel in lib/channels/registry.ts.
import { postChannelReply } from "@/lib/routes/channel-routes";

export const dynamic = "force-dynamic";

export const POST = postChannelReply;
