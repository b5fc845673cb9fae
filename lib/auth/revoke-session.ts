import { db, systemDb } from "@/lib/db";
import { disconnectSession, disconnectUserFromAccount } from "@/lib/realtime/revoke";
import { asAccount } from "@/lib/tenancy/tenant-context";

/** Sign-out: the session row is revoked first, so a reconnect is refused, then its sockets are cut on every node. */
export async function revokeSession(sessionId: string, reason: "signed_out" | "switched" = "signed_out"): Promise<void> {
  // Sign-out names the session only (next-auth's event has no account context): the owner's client.
  await systemDb().authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), endReason: reason } });
  await disconnectSession(sessionId);
}

/** Removing a member revokes every session of that user in that account. */
export async function removeMembership(accountId: string, userId: string): Promise<boolean> {
  // The CLI calls this too: the account named is the work's (a route's is the session's, the same).
  const removed = await asAccount(accountId, () =>
    db().$transaction(async (tx) => {
      const { count } = await tx.membership.deleteMany({ where: { accountId, userId } });
      await tx.authSession.updateMany({ where: { accountId, userId, revokedAt: null }, data: { revokedAt: new Date(), endReason: "removed" } });
      return count > 0;
    }),
  );
  await disconnectUserFromAccount(userId, accountId);
  return removed;
}
