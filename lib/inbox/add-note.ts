import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { loadMessage } from "@/lib/inbox/load-message";
import { notifyMentions } from "@/lib/inbox/notify-mentions";
import { storeMentions } from "@/lib/inbox/store-mentions";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import type { MessageDto } from "@/lib/inbox/dto";

/**
 * A private note in a conversation: stored and shown to the account's agents, never
 * handed to a channel adapter (there is no code path from here to one). It does not
 * move the conversation's preview, time or unread count: those are the customer's.
 * `mentions`: member ids the note @mentions; those who may see it get a stored mention with the
 * note (same transaction), and are told after commit.
 */
export async function addNote(opts: { accountId: string; userId: string; conversationId: string; text: string; mentions?: readonly string[] }): Promise<MessageDto> {
  const { accountId, userId, text } = opts;
  const conversation = await getConversationOrThrow(opts);
  const { id, seq, mentions } = await db().$transaction(async (tx) => {
    const note = await tx.message.create({
      data: {
        accountId,
        conversationId: conversation.id,
        integrationId: conversation.integrationId,
        direction: "outbound",
        kind: "note",
        status: "sent",
        text,
        senderUserId: userId,
      },
      select: { id: true },
    });
    const mentions = await storeMentions(tx, {
      accountId,
      authorId: userId,
      conversationId: conversation.id,
      integrationId: conversation.integrationId,
      messageId: note.id,
      mentions: opts.mentions ?? [],
    });
    const seq = await stampChanges(tx, { integrationId: conversation.integrationId, messageIds: [note.id], conversationIds: [] });
    return { id: note.id, seq, mentions };
  });
  await announce({ accountId, integrationId: conversation.integrationId, seq, changes: { ...noChanges(), newMessageIds: [id] } });
  const stored = await loadMessage({ accountId, messageId: id });
  if (!stored) throw new Error("note vanished after commit");
  if (mentions.length) {
    // The note and its mentions are committed: a failure to tell someone must not turn its answer into an error.
    await notifyMentions({ accountId, userId, conversationId: conversation.id, messageId: id, text, mentions }).catch((err: unknown) =>
      log().warn({ err, accountId, messageId: id }, "mention notification failed"),
    );
  }
  return stored;
}
