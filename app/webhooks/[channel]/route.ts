// POST /webhooks/<channel> for every channel in lib/channels/registry.ts (and GET for its subscription handshake).
import { getChannelWebhook, postChannelWebhook } from "@/lib/routes/channel-routes";

export const dynamic = "force-dynamic";

export const GET = getChannelWebhook;
export const POST = postChannelWebhook;
