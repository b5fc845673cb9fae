import { log } from "@/lib/log";
import type { ChannelAdapter, IncomingBatch } from "@/lib/channels/types";
import { findIntegration, type ResolvedIntegration } from "@/lib/integrations/find-integration";
import { announce } from "@/lib/inbox/announce";
import { recordIncoming } from "@/lib/inbox/record-incoming";
import { refreshContactProfiles } from "@/lib/inbox/refresh-contact-profiles";

declare global {
  var __inboxBackground: Set<Promise<unknown>> | undefined;
}

/** Work that must not delay a webhook answer; tracked so shutdown and tests can wait for it. */
export function runInBackground(task: Promise<unknown>): void {
  const pending = (globalThis.__inboxBackground ??= new Set());
  const tracked = task.catch((err: unknown) => log().warn({ err }, "background task failed")).finally(() => pending.delete(tracked));
  pending.add(tracked);
}

export async function settleBackground(): Promise<void> {
  while (globalThis.__inboxBackground?.size) await Promise.all(globalThis.__inboxBackground);
}

/**
 * Stores each batch for the account that owns its page / OA, then announces it.
 * Unknown pages are logged and skipped (the platform gets its 200).
 */
export async function ingestBatches(
  adapter: ChannelAdapter,
  batches: IncomingBatch[],
  resolved: Map<string, ResolvedIntegration | null> = new Map(),
): Promise<{ stored: number; ignored: number }> {
  let stored = 0;
  let ignored = 0;
  for (const batch of batches) {
    const key = batch.integrationExternalId;
    if (!resolved.has(key)) resolved.set(key, await findIntegration(adapter.channel, key));
    const integration = resolved.get(key);
    if (!integration) {
      ignored += batch.events.length;
      log().warn({ channel: adapter.channel, externalId: key }, "webhook for unknown page/OA ignored");
      continue;
    }
    const result = await recordIncoming(integration, batch.events, adapter.fallbackName);
    stored += result.newMessageIds.length;
    await announce({ accountId: integration.accountId, integrationId: integration.id, seq: result.seq, changes: result });
    if (result.newContactIds.length) runInBackground(refreshContactProfiles(adapter, integration, result.newContactIds));
  }
  return { stored, ignored };
}
