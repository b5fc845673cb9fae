import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import { canSee, visibleInboxes } from "@/lib/access/visible-inboxes";

/**
 * Who changed the owner: an agent (by id), the account losing the owner as a member, or
 * auto-assignment (which only ever fills an empty seat: it never takes one from a person),
 * or the owner losing access to the conversation's inbox.
 */
/** A removal names the member: their user row is no longer the account's to read once they are gone. */
export type AssignedBy = { userId: string } | { removal: true; name: string } | { auto: true } | { lostAccess: true };

/**
 * Gives a conversation to a member of its account (null: unassigned), live for the
 * whole account, and says so in the thread ("Alice assigned this to Carol") in the
 * same transaction. Any member may assign (Chatwoot's and Front's default); the
 * assignee must belong to the same account, or it is refused like an unknown id.
 */
export async function assignConversation(opts: { accountId: string; conversationId: string; assigneeId: string | null; by: AssignedBy }): Promise<void> {
  const { accountId, conversationId, assigneeId, by } = opts;
  // The agent assigning must see the conversation's inbox (404 otherwise), and so must the assignee (400).
  const { integrationId } = await getConversationOrThrow({ accountId, conversationId, userId: "userId" in by ? by.userId : null });
  if (assigneeId) {
    const member = await db().membership.findUnique({ where: { userId_accountId: { userId: assigneeId, accountId } } });
    if (!member) throw new AppError("bad_request", "The assignee is not a member of this account", { reason: "not_a_member" });
    if (!canSee(await visibleInboxes(db(), { accountId, userId: assigneeId }), integrationId)) {
      throw new AppError("bad_request", "The assignee does not work in this conversation's inbox", { reason: "no_inbox_access" });
    }
  }
  const result = await db().$transaction(async (tx) => {
    // Locks the row and reads the previous owner, so the line names who it was taken from.
    const before = await tx.$queryRaw<{ assigneeId: string | null }[]>`
      SELECT "assigneeId" FROM "Conversation" WHERE "id" = ${conversationId} AND "accountId" = ${accountId} FOR UPDATE`;
    const previous = before[0]?.assigneeId ?? null;
    // Only a real change spends a change number and writes a line.
    if (!before[0] || previous === assigneeId) return null;
    if ("auto" in by && previous !== null) return null;
    await tx.conversation.update({ where: { id: conversationId }, data: { assigneeId } });
    const ids = [...new Set([previous, assigneeId, "userId" in by ? by.userId : null].filter((x) => x !== null))];
    const names = new Map((await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    if ("removal" in by && previous) names.set(previous, by.name);
    const name = (id: string | null) => (id ? (names.get(id) ?? "A former member") : "");
    const line = await tx.message.create({
      data: {
        accountId,
        conversationId,
        integrationId,
        direction: "outbound",
        kind: "system",
        status: "sent",
        text: "lostAccess" in by ? `${name(previous)} was unassigned: they no longer work in this inbox` : assignmentLine({ by: "userId" in by ? name(by.userId) : null, byId: "userId" in by ? by.userId : null, previous: name(previous), assignee: name(assigneeId), assigneeId }),
        senderUserId: "userId" in by ? by.userId : null,
      },
      select: { id: true },
    });
    const seq = await stampChanges(tx, { integrationId, messageIds: [line.id], conversationIds: [conversationId] });
    return { seq, lineId: line.id };
  });
  if (!result) return;
  await announce({ accountId, integrationId, seq: result.seq, changes: { ...noChanges(), newMessageIds: [result.lineId], conversationIds: [conversationId] } });
}

/** The thread's words for a change of owner. */
function assignmentLine(a: { by: string | null; byId: string | null; previous: string; assignee: string; assigneeId: string | null }): string {
  if (a.by === null && a.assigneeId) return `Assigned to ${a.assignee} automatically (round robin)`;
  if (a.by === null) return `${a.previous} was unassigned: they left the account`;
  if (!a.assigneeId) return a.byId && a.previous === a.by ? `${a.by} unassigned themselves` : `${a.by} unassigned ${a.previous}`;
  if (a.assigneeId === a.byId) return a.previous ? `${a.by} took this over from ${a.previous}` : `${a.by} took this conversation`;
  return `${a.by} assigned this to ${a.assignee}`;
}

/** A member leaving an account leaves its conversations unassigned (and every agent sees it). */
export async function unassignMember(opts: { accountId: string; userId: string; name: string }): Promise<void> {
  const owned = await db().conversation.findMany({ where: { accountId: opts.accountId, assigneeId: opts.userId }, select: { id: true } });
  for (const c of owned) await assignConversation({ accountId: opts.accountId, conversationId: c.id, assigneeId: null, by: { removal: true, name: opts.name } });
}

/** A member who no longer works in these inboxes leaves their conversations there unassigned. */
export async function unassignFromInboxes(opts: { accountId: string; userId: string; integrationIds: string[] }): Promise<void> {
  const owned = await db().conversation.findMany({ where: { accountId: opts.accountId, assigneeId: opts.userId, integrationId: { in: opts.integrationIds } }, select: { id: true } });
  for (const c of owned) await assignConversation({ accountId: opts.accountId, conversationId: c.id, assigneeId: null, by: { lostAccess: true } });
}
