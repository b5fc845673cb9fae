import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/team/audit";
import { unassignFromInboxes } from "@/lib/inbox/assign-conversation";
import { visibleInboxes } from "@/lib/access/visible-inboxes";
import { leaveInboxRooms, syncInboxRooms } from "@/lib/realtime/revoke";

export type MemberInboxes = { all: boolean; integrationIds: string[] };

/** What Settings → Team shows for a member. Another account's user is a 404. */
export async function getMemberInboxes(opts: { accountId: string; userId: string }): Promise<MemberInboxes> {
  const m = await db().membership.findUnique({
    where: { userId_accountId: { userId: opts.userId, accountId: opts.accountId } },
    select: { role: true, allInboxes: true, inboxAccess: { select: { integrationId: true }, orderBy: { integrationId: "asc" } } },
  });
  if (!m) throw notFound("Member not found", "member_not_found");
  const all = m.role === "admin" || m.allInboxes;
  return { all, integrationIds: all ? [] : m.inboxAccess.map((a) => a.integrationId) };
}

/**
 * An admin chooses the inboxes an agent works in (admins always work in all). Every id must
 * be an inbox of this account, otherwise 400 and nothing is stored. Before the change commits
 * the agent's sockets, on every node, leave every inbox room of the account; right after it
 * they join the rooms of the new set and are told to reload what they show. So nothing of an
 * inbox taken away reaches them once the change is committed (on other nodes: as soon as the
 * adapter delivers the leave, and the periodic re-check in create-realtime-server.ts is the backstop).
 * Conversations of the inboxes taken away that the agent owned are unassigned, each with a line in its thread.
 */
export async function setMemberInboxes(opts: { accountId: string; actorId: string; userId: string; all: boolean; integrationIds: string[] }): Promise<MemberInboxes> {
  const { accountId, actorId, userId } = opts;
  const ids = [...new Set(opts.integrationIds)].sort();
  const result: MemberInboxes = { all: opts.all, integrationIds: opts.all ? [] : ids };
  if (!opts.all && !ids.length) throw new AppError("bad_request", "Choose at least one inbox, or all inboxes", { reason: "no_inbox" });
  let accountInboxes: string[] | null = null;
  let lost: string[] = [];
  try {
    await db().$transaction(async (tx) => {
      // Locks the member's row: two admins changing one agent's inboxes at once are applied one after the other.
      const [member] = await tx.$queryRaw<{ id: string; role: "admin" | "agent"; allInboxes: boolean }[]>`
        SELECT "id", "role"::text AS "role", "allInboxes" FROM "Membership" WHERE "accountId" = ${accountId} AND "userId" = ${userId} FOR UPDATE`;
      if (!member) throw notFound("Member not found", "member_not_found");
      if (member.role === "admin") throw new AppError("bad_request", "Admins work in every inbox", { reason: "admin" });
      const inboxes = await tx.integration.findMany({ where: { accountId }, select: { id: true, name: true } });
      const names = new Map(inboxes.map((i) => [i.id, i.name]));
      if (ids.some((id) => !names.has(id))) throw new AppError("bad_request", "An inbox is not one of this account's", { reason: "unknown_inbox" });
      const had = (await tx.inboxAccess.findMany({ where: { membershipId: member.id }, select: { integrationId: true } })).map((a) => a.integrationId);
      const unchanged = member.allInboxes === opts.all && (opts.all || (had.length === ids.length && ids.every((id) => had.includes(id))));
      if (unchanged) return;
      lost = opts.all ? [] : (member.allInboxes ? [...names.keys()] : had).filter((id) => !ids.includes(id));
      await tx.inboxAccess.deleteMany({ where: { membershipId: member.id } });
      if (!opts.all) await tx.inboxAccess.createMany({ data: ids.map((integrationId) => ({ membershipId: member.id, accountId, integrationId })) });
      await tx.membership.update({ where: { id: member.id }, data: { allInboxes: opts.all } });
      const user = await tx.user.findUnique({ where: { id: userId }, select: { name: true } });
      await recordAudit(tx, { accountId, actorId, action: "inboxes_changed", target: user?.name ?? "a member", detail: opts.all ? "all inboxes" : ids.map((id) => names.get(id)).join(", ") });
      // Last before the commit: from here until the new rooms are joined the agent hears nothing of any inbox.
      accountInboxes = [...names.keys()];
      leaveInboxRooms({ accountId, userId, integrationIds: accountInboxes });
    });
  } finally {
    // Committed or rolled back, the sockets end in the rooms of what the database now says.
    if (accountInboxes) {
      const scope = await visibleInboxes(db(), { accountId, userId });
      syncInboxRooms({ accountId, userId, integrationIds: accountInboxes, scope });
    }
  }
  if (lost.length) await unassignFromInboxes({ accountId, userId, integrationIds: lost });
  return result;
}

export type InboxAccessOverview = {
  inboxes: { id: string; name: string; channel: string }[];
  /** By user id: the inboxes each member works in (admins: all). */
  members: Record<string, MemberInboxes>;
};

/** Settings → Team: the account's inboxes and who works in which. */
export async function listInboxAccess(opts: { accountId: string }): Promise<InboxAccessOverview> {
  const [inboxes, members] = await Promise.all([
    db().integration.findMany({ where: { accountId: opts.accountId }, select: { id: true, name: true, channel: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    db().membership.findMany({ where: { accountId: opts.accountId }, select: { userId: true, role: true, allInboxes: true, inboxAccess: { select: { integrationId: true } } } }),
  ]);
  return {
    inboxes,
    members: Object.fromEntries(
      members.map((m) => {
        const all = m.role === "admin" || m.allInboxes;
        return [m.userId, { all, integrationIds: all ? [] : m.inboxAccess.map((a) => a.integrationId).sort() }];
      }),
    ),
  };
}
