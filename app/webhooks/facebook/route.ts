import { webhookRoute } from "@/lib/http/webhook-route";
import { receiveFacebookWebhook, verifyFacebookSubscription } from "@/lib/channels/facebook/receive-webhook";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  const challenge = verifyFacebookSubscription(new URL(req.url).searchParams);
  if (challenge === null) return new Response("Forbidden", { status: 403 });
  return new Response(challenge, { status: 200, headers: { "content-type": "text/plain" } });
}

export const POST = webhookRoute("x-hub-signature-256", receiveFacebookWebhook);
