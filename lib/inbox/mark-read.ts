import { db } from "@/lib/db";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";

/** Clears the unread count and tells the account's other tabs and agents. */
export async function markRead(accountId: string, conversationId: string): Promise<void> {
  await getConversationOrThrow(accountId, conversationId);
  const { count } = await db().conversation.updateMany({
    where: { id: conversationId, accountId, unreadCount: { gt: 0 } },
    data: { unreadCount: 0 },
  });
  if (count) await announce(accountId, { ...noChanges(), conversationIds: [conversationId] });
}
