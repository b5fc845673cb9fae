import { db } from "@/lib/db";
import { log } from "@/lib/log";
import type { ChannelAdapter, IntegrationTarget } from "@/lib/channels/types";
import { keepAvatar } from "@/lib/files/keep-avatar";
import { dropStoredFile } from "@/lib/files/save-thumbnail";
import { announce, noChanges } from "@/lib/inbox/announce";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import { appFileUrlOrNull } from "@/lib/shared/file-dto";

/**
 * Looks up new contacts' names once, after the webhook was answered. A refusal
 * keeps the readable fallback name; the attempt is recorded so it is not repeated.
 * The platform's profile picture is then downloaded into Inbox's file store (the
 * browser never fetches a platform's host): Contact.avatarUrl is only ever an app
 * file URL, or null (initials).
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
    // The name first: it does not wait for a picture's download.
    const seq = await db().$transaction(async (tx) => {
      await tx.contact.updateMany({ where, data: { profileFetchedAt: new Date(), name: profile.name } });
      return stampChanges(tx, { integrationId: integration.id, messageIds: [], conversationIds });
    });
    await announce({ accountId: integration.accountId, integrationId: integration.id, seq, changes: { ...noChanges(), conversationIds } });
    if (profile.avatarUrl) await refreshAvatar({ integration, contactId, conversationIds, platformUrl: profile.avatarUrl });
  }
}

async function refreshAvatar(opts: { integration: IntegrationTarget & { accountId: string }; contactId: string; conversationIds: string[]; platformUrl: string }): Promise<void> {
  const { integration, contactId, conversationIds } = opts;
  const kept = await keepAvatar({ accountId: integration.accountId, url: opts.platformUrl });
  if (!kept) return; // initials stay
  const result = await db().$transaction(async (tx) => {
    const before = await tx.contact.findFirst({ where: { id: contactId, integrationId: integration.id }, select: { avatarUrl: true } });
    if (!before) return null;
    await tx.contact.updateMany({ where: { id: contactId, integrationId: integration.id }, data: { avatarUrl: kept.url } });
    const seq = await stampChanges(tx, { integrationId: integration.id, messageIds: [], conversationIds });
    return { seq, previous: appFileUrlOrNull(before.avatarUrl) };
  });
  if (!result) {
    // The contact went meanwhile: its picture is not needed.
    await dropStoredFile({ accountId: integration.accountId, fileId: kept.id });
    return;
  }
  await announce({ accountId: integration.accountId, integrationId: integration.id, seq: result.seq, changes: { ...noChanges(), conversationIds } });
  // A picture it replaces is dropped, when it was one (never a file an agent uploaded).
  const previousId = result.previous?.split("/").pop();
  if (previousId && previousId !== kept.id) {
    const old = await db().storedFile.findFirst({ where: { id: previousId, accountId: integration.accountId, source: "avatar" }, select: { id: true } });
    if (old) await dropStoredFile({ accountId: integration.accountId, fileId: old.id });
  }
}
