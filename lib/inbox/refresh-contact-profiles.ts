import { db } from "@/lib/db";
import { log } from "@/lib/log";
import type { ChannelAdapter, IntegrationTarget } from "@/lib/channels/types";
import { announce, noChanges } from "@/lib/inbox/announce";
import { stampChanges } from "@/lib/inbox/stamp-changes";

/**
 * Looks up new contacts' names once, after the webhook was answered. A refusal
 * keeps the readable fallback name; the attempt is recorded so it is not repeated.
 */
export async function refreshContactProfiles(opts: {
  adapter: ChannelAdapter;
  integration: IntegrationTarget & { accountId: string };
  contactIds: string[];
}): Promise<void> {
  const { adapter, integration, contactIds } = opts;
  for (const contactId of contactIds) {
    const contact = await db().contact.findFirst({
      where: { id: contactId, accountId: integration.accountId, profileFetchedAt: null },
      select: { externalId: true, conversation: { select: { id: true } } },
    });
    if (!contact) continue;
    const profile = await adapter.fetchProfile(integration, contact.externalId).catch(() => null);
    const where = { id: contactId, integrationId: integration.id };
    if (!profile) {
      // Nothing an agent sees changes: no change number, no transaction.
      await db().contact.updateMany({ where, data: { profileFetchedAt: new Date() } });
      log().info({ channel: adapter.channel, contactId }, "profile unavailable; keeping fallback name");
      continue;
    }
    const conversationIds = contact.conversation ? [contact.conversation.id] : [];
    const seq = await db().$transaction(async (tx) => {
      await tx.contact.updateMany({ where, data: { profileFetchedAt: new Date(), name: profile.name, avatarUrl: profile.avatarUrl } });
      return stampChanges(tx, { integrationId: integration.id, messageIds: [], conversationIds });
    });
    await announce({ accountId: integration.accountId, integrationId: integration.id, seq, changes: { ...noChanges(), conversationIds } });
  }
}
