import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { conversationInclude } from "@/lib/inbox/dto";

/** Another account's conversation is a 404, exactly like one that does not exist. */
export async function getConversationOrThrow(opts: { accountId: string; conversationId: string }) {
  const conversation = await db().conversation.findFirst({
    where: { id: opts.conversationId, accountId: opts.accountId },
    include: conversationInclude,
  });
  if (!conversation) throw notFound("Conversation not found");
  return conversation;
}
