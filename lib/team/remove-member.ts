import { db } from "@/lib/db";
import { removeMember as removeFromAccount } from "@/lib/auth/remove-member";
import { recordAudit } from "@/lib/team/audit";
import { toAccount } from "@/lib/realtime/to-account";

/** Removes a member (sessions revoked, sockets cut, conversations unassigned) and writes the audit line. */
export async function removeTeamMember(opts: { accountId: string; actorId: string; userId: string }): Promise<void> {
  const user = await db().user.findUnique({ where: { id: opts.userId }, select: { name: true } });
  await removeFromAccount(opts);
  await recordAudit(db(), { accountId: opts.accountId, actorId: opts.actorId, action: "member_removed", target: user?.name ?? "a member" });
  toAccount(opts.accountId).emit("members-changed");
}
