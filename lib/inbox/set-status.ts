import { db } from "@/lib/db";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";

export async function setConversationStatus(accountId: string, conversationId: string, status: "open" | "resolved") {
  const { integrationId } = await getConversationOrThrow(accountId, conversationId);
  const seq = await db().$transaction(async (tx) => {
    const { count } = await tx.conversation.updateMany({ where: { id: conversationId, accountId, status: { not: status } }, data: { status } });
    return count ? stampChanges(tx, { integrationId, messageIds: [], conversationIds: [conversationId] }) : null;
  });
  await announce({ accountId, integrationId, seq, changes: { ...noChanges(), conversationIds: [conversationId] } });
}
