import { describe, expect, test } from "vitest";
import { serializeSessionCookie, sessionCookieName, sessionCookieOptions } from "@/lib/auth/session-cookie";

describe("session cookie", () => {
  test("over HTTPS it is __Host- prefixed and Secure, with Path=/ and no Domain", () => {
    expect(sessionCookieName("https://inbox.example.com")).toBe("__Host-next-auth.session-token");
    expect(sessionCookieOptions("https://inbox.example.com")).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
    const set = serializeSessionCookie("tok", "https://inbox.example.com", 60);
    expect(set).toMatch(/^__Host-next-auth\.session-token=tok; Path=\/; Expires=[^;]+; Max-Age=60; HttpOnly; SameSite=Lax; Secure$/);
    expect(set).not.toMatch(/domain=/i);
  });

  test("over plain HTTP (local, demo) it keeps next-auth's default name and is not Secure", () => {
    expect(sessionCookieName("http://localhost:3000")).toBe("next-auth.session-token");
    expect(sessionCookieOptions("http://localhost:3000").secure).toBe(false);
    expect(serializeSessionCookie("tok", "http://localhost:3000", 60)).not.toContain("Secure");
  });
});
