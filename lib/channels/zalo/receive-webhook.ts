import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseWith } from "@/lib/http/parse-with";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import type { IntegrationTarget, ParsedWebhook, WebhookLookup } from "@/lib/channels/types";
import { zaloCredentials } from "@/lib/channels/zalo/credentials";
import { oaIdCandidates, parseZaloEvent, zaloEnvelopeSchema } from "@/lib/channels/zalo/parse-webhook";
import { verifyZaloSignature } from "@/lib/channels/zalo/verify-signature";
import { checkFreshness } from "@/lib/channels/zalo/check-freshness";

/**
 * Zalo signs with the secret key of the OA the event is for, so the OA is found first
 * (from the envelope, through `lookup`, which the route layer gives), then the signature
 * is checked, then the freshness of its signed timestamp, then the event itself — whose
 * defects are acknowledged and logged, not refused. Stores nothing.
 */
export async function parseZaloWebhook(raw: Buffer, signature: string | null, lookup: WebhookLookup): Promise<ParsedWebhook> {
  if (!signature) throw new AppError("unauthorized", "Missing X-ZEvent-Signature");
  const body = parseJsonBody(raw);
  const envelope = parseWith(zaloEnvelopeSchema, body, "payload");
  const candidates = oaIdCandidates(envelope);
  if (!candidates.length) throw new AppError("bad_request", "Invalid payload: no OA id for this event");
  let found: { oaId: string; integration: IntegrationTarget } | null = null;
  for (const oaId of candidates) {
    const integration = await lookup(oaId);
    if (integration) {
      found = { oaId, integration };
      break;
    }
  }
  if (!found) {
    log().warn({ channel: "zalo", externalId: candidates[0], event: envelope.event_name }, "webhook for unknown OA ignored");
    return { batches: [], ignored: 1, skipped: 0 };
  }
  const { oaId, integration } = found;
  // Only what verifies the signature: the token may be expired or being renewed, the webhook is still real.
  const credentials = zaloCredentials.pick({ appId: true, secretKey: true }).safeParse(integration.credentials);
  const valid =
    credentials.success && verifyZaloSignature(raw, signature, { appId: credentials.data.appId, timestamp: envelope.timestamp, secretKey: credentials.data.secretKey });
  if (!valid) throw new AppError("unauthorized", "Invalid X-ZEvent-Signature");
  // A replay or a wrong clock: acknowledged (a 4xx would only make Zalo retry), never stored.
  const stale = checkFreshness(Number(envelope.timestamp), env().zaloFreshnessWindowMs);
  if (stale) {
    log().warn({ channel: "zalo", externalId: oaId, event: envelope.event_name, reason: stale }, "webhook outside the freshness window ignored");
    return { batches: [], ignored: 1, skipped: 0 };
  }
  const batch = parseZaloEvent(oaId, body);
  for (const s of batch.skipped ?? []) log().warn({ channel: "zalo", externalId: oaId, kind: s.kind, reason: s.reason }, "webhook item skipped");
  return { batches: [batch], ignored: 0, skipped: batch.skipped?.length ?? 0 };
}
