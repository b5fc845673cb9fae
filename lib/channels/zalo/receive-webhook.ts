import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseWith } from "@/lib/http/parse-with";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { findIntegration } from "@/lib/integrations/find-integration";
import { ingestBatches } from "@/lib/inbox/ingest-batches";
import type { ChannelAdapter } from "@/lib/channels/types";
import { zaloCredentials } from "@/lib/channels/zalo/credentials";
import { oaIdOf, parseZaloEvent, zaloEnvelopeSchema } from "@/lib/channels/zalo/parse-webhook";
import { verifyZaloSignature } from "@/lib/channels/zalo/verify-signature";
import { checkFreshness } from "@/lib/channels/zalo/check-freshness";

/**
 * Zalo signs with the secret key of the OA the event is for, so the OA is found
 * first (from the envelope), then the signature is checked, then the freshness of
 * its signed timestamp, then the full schema.
 */
export async function receiveZaloWebhook(raw: Buffer, signature: string | null, adapter: ChannelAdapter) {
  if (!signature) throw new AppError("unauthorized", "Missing X-ZEvent-Signature");
  const body = parseJsonBody(raw);
  const envelope = parseWith(zaloEnvelopeSchema, body, "payload");
  const oaId = oaIdOf(envelope);
  if (!oaId) throw new AppError("bad_request", "Invalid payload: no OA id for this event");
  const integration = await findIntegration("zalo", oaId);
  if (!integration) {
    log().warn({ channel: "zalo", externalId: oaId, event: envelope.event_name }, "webhook for unknown OA ignored");
    return { stored: 0, ignored: 1 };
  }
  const credentials = zaloCredentials.safeParse(integration.credentials);
  const valid =
    credentials.success && verifyZaloSignature(raw, signature, { appId: credentials.data.appId, timestamp: envelope.timestamp, secretKey: credentials.data.secretKey });
  if (!valid) throw new AppError("unauthorized", "Invalid X-ZEvent-Signature");
  // A replay or a wrong clock: acknowledged (a 4xx would only make Zalo retry), never stored.
  const stale = checkFreshness(Number(envelope.timestamp), env().zaloFreshnessWindowMs);
  if (stale) {
    log().warn({ channel: "zalo", externalId: oaId, event: envelope.event_name, reason: stale }, "webhook outside the freshness window ignored");
    return { stored: 0, ignored: 1 };
  }
  const batch = parseZaloEvent(oaId, body);
  return ingestBatches(adapter, [batch], new Map([[oaId, integration]]));
}
