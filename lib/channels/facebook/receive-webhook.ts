import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseWith } from "@/lib/http/parse-with";
import type { ParsedWebhook } from "@/lib/channels/types";
import { facebookWebhookSchema, toFacebookBatches } from "@/lib/channels/facebook/parse-webhook";
import { verifyFacebookSignature } from "@/lib/channels/facebook/verify-signature";
import { parseJsonBody } from "@/lib/http/parse-json-body";

/**
 * Signature first, envelope second (a 401 or 400 refuses the delivery), then each item on
 * its own: what cannot be used is logged (kind, page, reason — never the body) and counted.
 * Stores nothing: the route layer hands the batches to the inbox.
 */
export function parseFacebookWebhook(raw: Buffer, signature: string | null): ParsedWebhook {
  if (!verifyFacebookSignature(raw, signature, env().facebookAppSecret)) {
    throw new AppError("unauthorized", "Invalid X-Hub-Signature-256");
  }
  const payload = parseWith(facebookWebhookSchema, parseJsonBody(raw), "payload");
  const { batches, skipped } = toFacebookBatches(payload);
  let count = skipped.length;
  for (const s of skipped) log().warn({ channel: "facebook", externalId: s.page, kind: s.kind, reason: s.reason }, "webhook item skipped");
  for (const b of batches) {
    for (const s of b.skipped ?? []) log().warn({ channel: "facebook", externalId: b.integrationExternalId, kind: s.kind, reason: s.reason }, "webhook item skipped");
    count += b.skipped?.length ?? 0;
  }
  return { batches, ignored: 0, skipped: count };
}

/** The subscription handshake Meta performs when the webhook is configured. */
export function verifyFacebookSubscription(params: URLSearchParams): string | null {
  const ok = params.get("hub.mode") === "subscribe" && params.get("hub.verify_token") === env().facebookVerifyToken;
  return ok ? (params.get("hub.challenge") ?? "") : null;
}
