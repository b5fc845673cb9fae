import { encode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { signInWithPassword } from "@/lib/auth/auth-options";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo";

export type TestSession = { cookie: string; userId: string; accountId: string; sessionId: string };

/** Signs in through the real credentials check and mints the cookie next-auth would set. */
export async function signIn(email: string, password = DEMO_PASSWORD): Promise<TestSession> {
  const user = await signInWithPassword({ email, password });
  if (!user) throw new Error(`sign-in failed for ${email}`);
  const token = await encode({
    secret: env().authSecret,
    token: { sub: user.id, email: user.email, name: user.name, userId: user.id, accountId: user.accountId, sid: user.sessionId },
  });
  return { cookie: `${sessionCookieName()}=${token}`, userId: user.id, accountId: user.accountId, sessionId: user.sessionId };
}

/** A well-formed JWT signed with another secret: what a forger could produce. */
export async function forgedCookie(accountId: string): Promise<string> {
  const token = await encode({ secret: "not-the-server-secret-at-all", token: { userId: "x", accountId, sid: "x" } });
  return `${sessionCookieName()}=${token}`;
}
