import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { verifyPassword } from "@/lib/auth/password";
import { revokeSession } from "@/lib/auth/revoke-session";
import { rateLimiter } from "@/lib/http/rate-limit";
import { requestContext } from "@/lib/request-context";

const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

const credentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

type SignedInUser = { id: string; email: string; name: string; accountId: string; sessionId: string };

// Brute force: 10 failed attempts per email and per address, refilled over 15 minutes.
const failures = () => rateLimiter("login-failures", { capacity: 10, perSecond: 10 / 900 });

export class TooManyAttempts extends Error {
  constructor() {
    super("Too many sign-in attempts. Try again in a few minutes.");
  }
}

/** Checks the password, then records a server-side session the JWT points at. */
export async function signInWithPassword(input: unknown, clientIp = requestContext()?.clientIp ?? "unknown"): Promise<SignedInUser | null> {
  const parsed = credentials.safeParse(input);
  if (!parsed.success) return null;
  const keys = [`email:${parsed.data.email}`, `ip:${clientIp}`];
  if (!keys.every((k) => failures().peek(k))) {
    log().warn({ email: parsed.data.email, clientIp }, "sign-in rate limited");
    throw new TooManyAttempts();
  }
  const user = await db().user.findUnique({
    where: { email: parsed.data.email },
    include: { memberships: { orderBy: { createdAt: "asc" }, take: 1 } },
  });
  const membership = user?.memberships[0];
  if (!user || !(await verifyPassword(parsed.data.password, user.passwordHash)) || !membership) {
    for (const k of keys) failures().take(k);
    log().info({ email: parsed.data.email, clientIp }, "sign-in refused");
    return null;
  }
  const session = await db().authSession.create({
    data: {
      userId: user.id,
      accountId: membership.accountId,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000),
    },
  });
  return { id: user.id, email: user.email, name: user.name, accountId: membership.accountId, sessionId: session.id };
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
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
