import { db } from "@/lib/db";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import type { Viewer } from "@/lib/access/visible-inboxes";

/** Clears the unread count and tells the account's other tabs and agents. */
export async function markRead(opts: { accountId: string; userId: Viewer; conversationId: string }): Promise<void> {
  const { accountId, conversationId } = opts;
  const { integrationId } = await getConversationOrThrow(opts);
  const seq = await db().$transaction(async (tx) => {
    const { count } = await tx.conversation.updateMany({
      where: { id: conversationId, accountId, unreadCount: { gt: 0 } },
      data: { unreadCount: 0 },
    });
    return count ? stampChanges(tx, { integrationId, messageIds: [], conversationIds: [conversationId] }) : null;
  });
  await announce({ accountId, integrationId, seq, changes: { ...noChanges(), conversationIds: [conversationId] } });
}
