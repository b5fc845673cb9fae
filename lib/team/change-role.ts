import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/team/audit";
import { toAccount } from "@/lib/realtime/to-account";

/**
 * An admin changes a member's role. The account always keeps an admin: demoting the last
 * one is refused (the count is taken under a lock on the account's admin rows, so two
 * admins demoting each other at once cannot both succeed).
 */
export async function changeRole(opts: { accountId: string; actorId: string; userId: string; role: "admin" | "agent" }): Promise<void> {
  const { accountId, actorId, userId, role } = opts;
  const changed = await db().$transaction(async (tx) => {
    const admins = await tx.$queryRaw<{ userId: string }[]>`
      SELECT "userId" FROM "Membership" WHERE "accountId" = ${accountId} AND "role" = 'admin'::"Role" ORDER BY "userId" FOR UPDATE`;
    const member = await tx.membership.findUnique({ where: { userId_accountId: { userId, accountId } }, include: { user: { select: { name: true } } } });
    if (!member) throw notFound("Member not found", "member_not_found");
    if (member.role === role) return false;
    if (role === "agent" && admins.length <= 1 && admins.some((a) => a.userId === userId)) {
      throw new AppError("bad_request", "An account needs at least one admin: make someone else an admin first", { reason: "last_admin" });
    }
    await tx.membership.update({ where: { id: member.id }, data: { role } });
    await recordAudit(tx, { accountId, actorId, action: "role_changed", target: member.user.name, detail: role });
    return true;
  });
  if (changed) toAccount(accountId).emit("members-changed");
}
