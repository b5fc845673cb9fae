import { db } from "@/lib/db";
import { conversationInclude, toConversationDto, toMessageDto } from "@/lib/inbox/dto";
import { toAccount } from "@/lib/realtime/to-account";

export type Changes = {
  newMessageIds: string[];
  updatedMessageIds: string[];
  conversationIds: string[];
};

export const noChanges = (): Changes => ({ newMessageIds: [], updatedMessageIds: [], conversationIds: [] });

/** After commit: tell the owning account what changed, and only that account. */
export async function announce(accountId: string, changes: Changes): Promise<void> {
  const emitter = toAccount(accountId);
  const messageIds = [...changes.newMessageIds, ...changes.updatedMessageIds];
  if (messageIds.length) {
    const messages = await db().message.findMany({
      where: { id: { in: messageIds }, accountId },
      include: { attachments: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const fresh = new Set(changes.newMessageIds);
    for (const m of messages) {
      const event = fresh.has(m.id) ? "new-message" : "update-message";
      emitter.emit(event, { conversationId: m.conversationId, message: toMessageDto(m) });
    }
  }
  const conversationIds = [...new Set(changes.conversationIds)];
  if (conversationIds.length) {
    const conversations = await db().conversation.findMany({
      where: { id: { in: conversationIds }, accountId },
      include: conversationInclude,
    });
    for (const c of conversations) emitter.emit("update-conversation", { conversation: toConversationDto(c) });
  }
}
