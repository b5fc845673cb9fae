import { db } from "@/lib/db";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";

export async function setConversationStatus(opts: { accountId: string; conversationId: string; status: "open" | "resolved" }): Promise<void> {
  const { accountId, conversationId, status } = opts;
  const { integrationId } = await getConversationOrThrow(opts);
  const seq = await db().$transaction(async (tx) => {
    const { count } = await tx.conversation.updateMany({ where: { id: conversationId, accountId, status: { not: status } }, data: { status } });
    return count ? stampChanges(tx, { integrationId, messageIds: [], conversationIds: [conversationId] }) : null;
  });
  await announce({ accountId, integrationId, seq, changes: { ...noChanges(), conversationIds: [conversationId] } });
}
