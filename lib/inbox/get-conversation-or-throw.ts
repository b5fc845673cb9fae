import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { conversationInclude } from "@/lib/inbox/dto";
import { inboxWhere, scopeOf, type Viewer } from "@/lib/access/visible-inboxes";

/**
 * Another account's conversation is a 404, exactly like one that does not exist; so is one
 * in an inbox the viewing member does not work in (`userId` null: the system, the whole account).
 */
export async function getConversationOrThrow(opts: { accountId: string; conversationId: string; userId: Viewer }) {
  const scope = await scopeOf(opts);
  const conversation = await db().conversation.findFirst({
    where: { id: opts.conversationId, accountId: opts.accountId, ...inboxWhere(scope) },
    include: conversationInclude,
  });
  if (!conversation) throw notFound("Conversation not found", "conversation_not_found");
  return conversation;
}
