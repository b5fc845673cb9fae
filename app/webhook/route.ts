// The old Zalo webhook path, kept for OAs configured before /webhooks/zalo existed.
import { webhookRoute } from "@/lib/http/webhook-route";
import { receiveZaloWebhook } from "@/lib/channels/zalo/receive-webhook";

export const dynamic = "force-dynamic";

export const POST = webhookRoute("x-zevent-signature", receiveZaloWebhook);
