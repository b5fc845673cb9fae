import { db } from "@/lib/db";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";

export async function setConversationStatus(accountId: string, conversationId: string, status: "open" | "resolved") {
  await getConversationOrThrow(accountId, conversationId);
  await db().conversation.updateMany({ where: { id: conversationId, accountId }, data: { status } });
  await announce(accountId, { ...noChanges(), conversationIds: [conversationId] });
}
