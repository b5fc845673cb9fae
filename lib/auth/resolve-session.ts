import { getToken } from "next-auth/jwt";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { sessionCookieName } from "@/lib/auth/session-cookie";

export type SessionContext = {
  userId: string;
  accountId: string;
  sessionId: string;
  role: "admin" | "agent";
  /** When the session ends by itself (epoch ms): sockets are cut then. */
  expiresAt: number;
};

type CookieSource = { headers: Record<string, string | string[] | undefined> | Headers };

/** Parses a Cookie header the way next-auth's getToken expects ({name: value}). */
export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

function cookieHeader(source: CookieSource): string | undefined {
  const h = source.headers;
  if (h instanceof Headers) return h.get("cookie") ?? undefined;
  const v = h.cookie;
  return Array.isArray(v) ? v.join("; ") : v;
}

/**
 * The one place a request (HTTP or socket handshake) becomes a session: the
 * next-auth JWT is verified, then its session row must be live and the user
 * must still be a member of the account. Returns null otherwise.
 */
export async function resolveSession(source: CookieSource): Promise<SessionContext | null> {
  const sessionId = await sessionIdFrom(source);
  if (!sessionId) return null;
  return findLiveSession(sessionId);
}

/**
 * Why the session this browser still holds a cookie for is over, for the login page:
 * "removed" (with the account's name) when an admin took the member out, "password_reset"
 * when a reset link set a new password, "expired".
 * Null when there is no such cookie, the session is live, or the person ended it.
 */
export async function endedSession(source: CookieSource): Promise<{ reason: "removed"; accountName: string } | { reason: "expired" | "password_reset" } | null> {
  const sessionId = await sessionIdFrom(source);
  if (!sessionId) return null;
  // A session id is all there is before an account is known: the owner's client, here and below.
  const row = await systemDb().authSession.findUnique({ where: { id: sessionId }, include: { account: { select: { name: true } } } });
  if (!row) return null;
  if (row.endReason === "removed") return { reason: "removed", accountName: row.account.name };
  if (row.endReason === "password_reset") return { reason: "password_reset" };
  if (row.revokedAt) return null;
  if (row.expiresAt <= new Date()) return { reason: "expired" };
  const member = await systemDb().membership.findUnique({ where: { userId_accountId: { userId: row.userId, accountId: row.accountId } } });
  return member ? null : { reason: "removed", accountName: row.account.name };
}

async function sessionIdFrom(source: CookieSource): Promise<string | undefined> {
  const e = env();
  // next-auth v4 getToken ignores a raw Cookie header: hand it parsed cookies.
  const token = await getToken({
    req: { headers: {}, cookies: parseCookies(cookieHeader(source)) } as never,
    secret: e.authSecret,
    secureCookie: e.appUrl.startsWith("https://"),
    cookieName: sessionCookieName(e.appUrl),
  }).catch(() => null);
  return typeof token?.sid === "string" ? token.sid : undefined;
}

export async function findLiveSession(sessionId: string): Promise<SessionContext | null> {
  const row = await systemDb().authSession.findUnique({ where: { id: sessionId } });
  if (!row || row.revokedAt || row.expiresAt <= new Date()) return null;
  const membership = await systemDb().membership.findUnique({
    where: { userId_accountId: { userId: row.userId, accountId: row.accountId } },
  });
  if (!membership) return null;
  return { userId: row.userId, accountId: row.accountId, sessionId: row.id, role: membership.role, expiresAt: row.expiresAt.getTime() };
}

/** Of these session ids, the ones still live (not revoked, not expired, membership kept): one query for a node's sockets. */
export async function liveSessionIds(sessionIds: string[]): Promise<Set<string>> {
  if (!sessionIds.length) return new Set();
  const rows = await systemDb().$queryRaw<{ id: string }[]>`
    SELECT s."id" FROM "AuthSession" s
    JOIN "Membership" m ON m."userId" = s."userId" AND m."accountId" = s."accountId"
    WHERE s."id" = ANY(${sessionIds}::text[]) AND s."revokedAt" IS NULL AND s."expiresAt" > ${new Date()}::timestamp(3)`;
  return new Set(rows.map((r) => r.id));
}
