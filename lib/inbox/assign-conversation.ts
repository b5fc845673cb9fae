import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";

/**
 * Gives a conversation to a member of its account (null: unassigned), live for the
 * whole account. Any member may assign (Chatwoot's and Front's default); the
 * assignee must belong to the same account, or it is refused like an unknown id.
 */
export async function assignConversation(opts: { accountId: string; conversationId: string; assigneeId: string | null }): Promise<void> {
  const { accountId, conversationId, assigneeId } = opts;
  const { integrationId } = await getConversationOrThrow(opts);
  if (assigneeId) {
    const member = await db().membership.findUnique({ where: { userId_accountId: { userId: assigneeId, accountId } } });
    if (!member) throw new AppError("bad_request", "The assignee is not a member of this account", { reason: "not_a_member" });
  }
  const seq = await db().$transaction(async (tx) => {
    const { count } = await tx.conversation.updateMany({
      // Only a real change spends a change number (SQL's NULL <> x is not true: spelled out).
      where: { id: conversationId, accountId, ...(assigneeId ? { OR: [{ assigneeId: null }, { assigneeId: { not: assigneeId } }] } : { assigneeId: { not: null } }) },
      data: { assigneeId },
    });
    return count ? stampChanges(tx, { integrationId, messageIds: [], conversationIds: [conversationId] }) : null;
  });
  await announce({ accountId, integrationId, seq, changes: { ...noChanges(), conversationIds: [conversationId] } });
}

/** A member leaving an account leaves its conversations unassigned (and every agent sees it). */
export async function unassignMember(opts: { accountId: string; userId: string }): Promise<void> {
  const owned = await db().conversation.findMany({ where: { accountId: opts.accountId, assigneeId: opts.userId }, select: { id: true } });
  for (const c of owned) await assignConversation({ accountId: opts.accountId, conversationId: c.id, assigneeId: null });
}
