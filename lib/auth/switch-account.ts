import { encode } from "next-auth/jwt";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { createAuthSession } from "@/lib/auth/create-auth-session";
import { revokeSession } from "@/lib/auth/revoke-session";
import type { SessionContext } from "@/lib/auth/resolve-session";
import { SESSION_MAX_AGE_S, serializeSessionCookie } from "@/lib/auth/session-cookie";

type Options = { session: SessionContext; accountId: string };
type Switched = { accountId: string; sessionId: string; setCookie: string };

/**
 * Moves a user to another of their accounts: a new session bound to that
 * account, then the old one revoked (its sockets are cut on every node), so
 * no socket or cookie keeps the previous account's rooms. An account the user
 * is not a member of is 404, like one that does not exist.
 */
export async function switchAccount({ session, accountId }: Options): Promise<Switched> {
  // The account switched to is not the session's: looked up with the owner's client, by this user only.
  const membership = await systemDb().membership.findUnique({
    where: { userId_accountId: { userId: session.userId, accountId } },
    include: { user: true },
  });
  if (!membership) throw notFound("Account not found", "account_not_found");
  const next = await createAuthSession({ userId: session.userId, accountId });
  await revokeSession(session.sessionId, "switched");
  const { user } = membership;
  // The same claims next-auth's jwt callback writes at sign-in.
  const token = await encode({
    secret: env().authSecret,
    maxAge: SESSION_MAX_AGE_S,
    token: { sub: user.id, name: user.name, email: user.email, userId: user.id, accountId, sid: next.id },
  });
  return { accountId, sessionId: next.id, setCookie: serializeSessionCookie(token) };
}
