import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { revokeSession } from "@/lib/auth/revoke-session";
import { createAuthSession } from "@/lib/auth/create-auth-session";
import { SESSION_MAX_AGE_S, sessionCookieName, sessionCookieOptions } from "@/lib/auth/session-cookie";
import { SIGN_IN_RATE_LIMITED } from "@/lib/shared/sign-in-error";
import { signInThrottle } from "@/lib/auth/sign-in-throttle";
import { requestContext } from "@/lib/request-context";

const credentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

type SignedInUser = { id: string; email: string; name: string; accountId: string; sessionId: string };

/** Thrown from authorize: next-auth hands its message to the login form as the error string. */
export class TooManyAttempts extends Error {
  constructor() {
    super(SIGN_IN_RATE_LIMITED);
  }
}

/** Checks the password, then records a server-side session the JWT points at, in the user's oldest membership. */
export async function signInWithPassword(input: unknown, clientIp = requestContext()?.clientIp ?? "unknown"): Promise<SignedInUser | null> {
  const parsed = credentials.safeParse(input);
  if (!parsed.success) return null;
  const attempt = { email: parsed.data.email, clientIp };
  if (!signInThrottle.allowed(attempt)) {
    log().warn(attempt, "sign-in rate limited");
    throw new TooManyAttempts();
  }
  const delay = signInThrottle.delayFor(signInThrottle.failuresOf(attempt.email));
  if (delay > 0) await signInThrottle.wait(delay);
  // Sign-in is by email, before any account: the owner's client.
  const user = await systemDb().user.findUnique({
    where: { email: parsed.data.email },
    include: { memberships: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 1 } },
  });
  // An unknown email still costs one scrypt, so it answers as slowly as a known one.
  const passwordOk = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyPasswordHash()));
  const membership = user?.memberships[0];
  if (!user || !passwordOk || !membership) {
    signInThrottle.recordFailure(attempt);
    log().info(attempt, "sign-in refused");
    return null;
  }
  const session = await createAuthSession({ userId: user.id, accountId: membership.accountId });
  return { id: user.id, email: user.email, name: user.name, accountId: membership.accountId, sessionId: session.id };
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    cookies: { sessionToken: { name: sessionCookieName(), options: sessionCookieOptions() } },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (input) => signInWithPassword(input),
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user) {
          const u = user as unknown as SignedInUser;
          token.userId = u.id;
          token.accountId = u.accountId;
          token.sid = u.sessionId;
        }
        return token;
      },
      session: ({ session, token }) => ({
        ...session,
        userId: token.userId,
        accountId: token.accountId,
      }),
    },
    events: {
      signOut: async ({ token }) => {
        if (typeof token?.sid === "string") await revokeSession(token.sid);
      },
    },
  };
}
