import { log } from "@/lib/log";
import type { ChannelAdapter, IncomingBatch } from "@/lib/channels/types";
import { findIntegration, type ResolvedIntegration } from "@/lib/integrations/find-integration";
import { announce } from "@/lib/inbox/announce";
import { recordIncoming } from "@/lib/inbox/record-incoming";
import { refreshContactProfiles } from "@/lib/inbox/refresh-contact-profiles";
import { runInBackground } from "@/lib/inbox/run-in-background";
import { keepInboundAttachments } from "@/lib/inbox/keep-inbound-attachments";
import { autoAssign } from "@/lib/inbox/auto-assign";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { isFastBatch, recordFast } from "@/lib/inbox/fast-ingest";

// Kept here too: tests and server.ts import them from this path.
export { runInBackground, settleBackground } from "@/lib/inbox/run-in-background";

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
    // One delivery may name pages of several accounts: each batch is work of its page's account,
    // and so is what it leaves running in the background.
    stored += await asAccount(integration.accountId, async () => {
      const { events } = batch;
      let result: { newMessageIds: string[]; newContactIds: string[]; newAttachmentIds: string[] };
      if (isFastBatch(events)) {
        // Messages and receipts: group-committed, one statement, its events emitted (lib/inbox/fast-ingest.ts).
        result = await recordFast({ integration, events, fallbackName: adapter.fallbackName });
      } else {
        const recorded = await recordIncoming({ integration, events, fallbackName: adapter.fallbackName });
        await announce({ accountId: integration.accountId, integrationId: integration.id, seq: recorded.seq, changes: recorded });
        result = recorded;
      }
      if (result.newContactIds.length) {
        runInBackground(refreshContactProfiles({ adapter, integration, contactIds: result.newContactIds }));
        // A new contact is a new conversation: it may go to an available agent.
        runInBackground(autoAssign({ accountId: integration.accountId, contactIds: result.newContactIds }));
      }
      // The platform's media links expire and must never reach a browser: Inbox keeps a copy, after the 200.
      if (result.newAttachmentIds.length) runInBackground(keepInboundAttachments({ attachmentIds: result.newAttachmentIds }));
      return result.newMessageIds.length;
    });
  }
  return { stored, ignored };
}
