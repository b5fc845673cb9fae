import type { Channel } from "@/lib/channels/channel-ids";
import { channels } from "@/lib/channels/registry";
import { findIntegration, type ResolvedIntegration } from "@/lib/integrations/find-integration";
import { ingestBatches } from "@/lib/inbox/ingest-batches";

export type WebhookOutcome = { stored: number; ignored: number; skipped: number };

/**
 * The one place a webhook meets the inbox: the channel folder verifies and parses (and
 * imports nothing of lib/inbox or lib/integrations), the inbox stores. Integrations looked
 * up while verifying are reused when storing, so a delivery costs one lookup per page/OA.
 * Resolves after commit.
 */
export function receiveWebhook(channel: Channel): (raw: Buffer, signature: string | null) => Promise<WebhookOutcome> {
  const def = channels[channel];
  return async (raw, signature) => {
    const resolved = new Map<string, ResolvedIntegration | null>();
    const lookup = async (externalId: string) => {
      if (!resolved.has(externalId)) resolved.set(externalId, await findIntegration(channel, externalId));
      return resolved.get(externalId) ?? null;
    };
    const parsed = await def.webhook.parse(raw, signature, lookup);
    const result = await ingestBatches(def.adapter, parsed.batches, resolved);
    return { stored: result.stored, ignored: result.ignored + parsed.ignored, skipped: parsed.skipped };
  };
}
