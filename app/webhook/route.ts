// The old Zalo webhook path, kept for OAs configured before /webhooks/zalo existed.
import { webhookRoute } from "@/lib/http/webhook-route";
import { channels } from "@/lib/channels/registry";

export const dynamic = "force-dynamic";

export const POST = webhookRoute(channels.zalo.webhook.signatureHeader, channels.zalo.webhook.receive);
