// The old Zalo webhook path, kept for OAs configured before /webhooks/zalo existed.
import { webhookRoute } from "@/lib/http/webhook-route";
import { channels } from "@/lib/channels/registry";
import { receiveWebhook } from "@/lib/routes/receive-webhook";

export const dynamic = "force-dynamic";

export const POST = webhookRoute(channels.zalo.webhook.signatureHeader, receiveWebhook("zalo"));
