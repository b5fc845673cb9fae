import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { removeMembership } from "@/lib/auth/revoke-session";
import { unassignMember } from "@/lib/inbox/assign-conversation";

/** The caller's role is checked by the route (withSession role: "admin"). */
export async function removeMember({ accountId, actorId, userId }: { accountId: string; actorId: string; userId: string }): Promise<void> {
  if (userId === actorId) throw new AppError("bad_request", "You cannot remove yourself", { reason: "cannot_remove_self" });
  // Read while they are a member: afterwards their user row is not this account's to read.
  const user = await db().user.findUnique({ where: { id: userId }, select: { name: true } });
  // A user of another account is "not found", like any unknown id.
  if (!user || !(await removeMembership(accountId, userId))) throw notFound("Member not found", "member_not_found");
  await unassignMember({ accountId, userId, name: user.name });
}
