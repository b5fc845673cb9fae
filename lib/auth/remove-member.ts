import { AppError, notFound } from "@/lib/errors";
import { removeMembership } from "@/lib/auth/revoke-session";
import type { SessionContext } from "@/lib/auth/resolve-session";

export async function removeMember(session: SessionContext, userId: string): Promise<void> {
  if (session.role !== "admin") throw new AppError("forbidden", "Only an admin can remove members");
  if (userId === session.userId) throw new AppError("bad_request", "You cannot remove yourself");
  // A user of another account is "not found", like any unknown id.
  if (!(await removeMembership(session.accountId, userId))) throw notFound("Member not found");
}
