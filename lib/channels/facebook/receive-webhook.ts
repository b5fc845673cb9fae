import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseWith } from "@/lib/http/parse-with";
import type { ChannelAdapter } from "@/lib/channels/types";
import { facebookWebhookSchema, toFacebookBatches } from "@/lib/channels/facebook/parse-webhook";
import { verifyFacebookSignature } from "@/lib/channels/facebook/verify-signature";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { ingestBatches } from "@/lib/inbox/ingest-batches";

/** Signature first, schema second, then one transaction per page; resolves after commit. */
export async function receiveFacebookWebhook(raw: Buffer, signature: string | null, adapter: ChannelAdapter) {
  if (!verifyFacebookSignature(raw, signature, env().facebookAppSecret)) {
    throw new AppError("unauthorized", "Invalid X-Hub-Signature-256");
  }
  const payload = parseWith(facebookWebhookSchema, parseJsonBody(raw), "payload");
  return ingestBatches(adapter, toFacebookBatches(payload));
}

/** The subscription handshake Meta performs when the webhook is configured. */
export function verifyFacebookSubscription(params: URLSearchParams): string | null {
  const ok = params.get("hub.mode") === "subscribe" && params.get("hub.verify_token") === env().facebookVerifyToken;
  return ok ? (params.get("hub.challenge") ?? "") : null;
}
