import { systemDb } from "@/lib/db";
import { SESSION_MAX_AGE_S } from "@/lib/auth/session-cookie";

/** The server-side row a session JWT points at (its `sid`); revoking it ends the session everywhere. */
export async function createAuthSession({ userId, accountId }: { userId: string; accountId: string }) {
  // Written at sign-in and account switch, before the new account is the work's: the owner's client.
  return systemDb().authSession.create({
    data: { userId, accountId, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000) },
  });
}
