import { AppError, notFound } from "@/lib/errors";
import { removeMembership } from "@/lib/auth/revoke-session";
import { unassignMember } from "@/lib/inbox/assign-conversation";

/** The caller's role is checked by the route (withSession role: "admin"). */
export async function removeMember({ accountId, actorId, userId }: { accountId: string; actorId: string; userId: string }): Promise<void> {
  if (userId === actorId) throw new AppError("bad_request", "You cannot remove yourself", { reason: "cannot_remove_self" });
  // A user of another account is "not found", like any unknown id.
  if (!(await removeMembership(accountId, userId))) throw notFound("Member not found", "member_not_found");
  await unassignMember({ accountId, userId });
}
