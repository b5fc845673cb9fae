import { env } from "@/lib/env";

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

/**
 * The one name of the session cookie, shared by next-auth's options,
 * resolveSession and the account switch. Over HTTPS it is __Host- prefixed:
 * Secure, Path=/ and no Domain, so a sibling subdomain cannot set or shadow it.
 */
export function sessionCookieName(appUrl = env().appUrl): string {
  return appUrl.startsWith("https://") ? "__Host-next-auth.session-token" : "next-auth.session-token";
}

/** The flags next-auth sets on it (its defaults, made explicit). */
export function sessionCookieOptions(appUrl = env().appUrl) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: appUrl.startsWith("https://") };
}

/** A Set-Cookie value for a session token minted outside next-auth (account switch). */
export function serializeSessionCookie(token: string, appUrl = env().appUrl, maxAgeS = SESSION_MAX_AGE_S): string {
  const o = sessionCookieOptions(appUrl);
  const expires = new Date(Date.now() + maxAgeS * 1000).toUTCString();
  return [`${sessionCookieName(appUrl)}=${token}`, `Path=${o.path}`, `Expires=${expires}`, `Max-Age=${maxAgeS}`, "HttpOnly", "SameSite=Lax", ...(o.secure ? ["Secure"] : [])].join("; ");
}
