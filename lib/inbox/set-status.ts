import { db } from "@/lib/db";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import type { Viewer } from "@/lib/inbox/visible-inboxes";

export async function setConversationStatus(opts: { accountId: string; userId: Viewer; conversationId: string; status: "open" | "resolved" }): Promise<void> {
  const { accountId, conversationId, status } = opts;
  const { integrationId } = await getConversationOrThrow(opts);
  const seq = await db().$transaction(async (tx) => {
    const { count } = await tx.conversation.updateMany({ where: { id: conversationId, accountId, status: { not: status } }, data: { status } });
    return count ? stampChanges(tx, { integrationId, messageIds: [], conversationIds: [conversationId] }) : null;
  });
  await announce({ accountId, integrationId, seq, changes: { ...noChanges(), conversationIds: [conversationId] } });
}
