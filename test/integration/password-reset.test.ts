import { beforeEach, describe, expect, test } from "vitest";
import { setProcessState } from "@/lib/process-state";
import { POST as createReset } from "@/app/api/account/members/[userId]/password-reset/route";
import { POST as useReset } from "@/app/api/password-resets/accept/route";
import { GET as audit } from "@/app/api/account/audit/route";
import { signInWithPassword } from "@/lib/auth/auth-options";
import { resolveSession } from "@/lib/auth/resolve-session";
import { systemDb } from "@/lib/db";
import { describePasswordReset } from "@/lib/team/password-resets";
import type { AuditEntry } from "@/lib/team/audit";
import { databaseKinds } from "../support/test-db";
import { eventually } from "../support/realtime-harness";
import { signIn } from "../support/sessions";
import { call, useWorld } from "../support/world";

type Made = { url: string; expiresAt: string };

describe.each(databaseKinds())("Password reset links on %s", (kind) => {
  const w = useWorld(kind);
  const make = (userId: string, cookie: string) => call(createReset, { path: `/api/account/members/${userId}/password-reset`, body: {}, cookie, params: { userId } });
  const tokenOf = (m: Made) => m.url.split("/reset/")[1]!;
  const use = (body: object) => call(useReset, { path: "/api/password-resets/accept", body });
  const sessionOf = (cookie: string) => resolveSession({ headers: new Headers({ cookie }) });
  beforeEach(() => setProcessState("rateLimits", undefined));

  // First: the next case ends every session of Carol's, w.carol's included.
  test("refused: an agent (403), another account's admin (404), a login that also opens an account the admin does not run (403); nothing stored", async () => {
    const before = await systemDb().passwordReset.count();
    expect((await make(w.alice.userId, w.carol.cookie)).status).toBe(403);
    expect((await make(w.carol.userId, w.bob.cookie)).status).toBe(404);
    // Dave is in Acme and Globex: Alice runs only Acme, so a link she holds would open Globex too.
    const shared = await make(w.dave.userId, w.alice.cookie);
    expect(shared.status).toBe(403);
    expect(((await shared.json()) as { error: { reason: string } }).error.reason).toBe("shared_login");
    expect((await make("no\u0000such", w.alice.cookie)).status).toBe(400);
    expect((await make("nosuchuser", w.alice.cookie)).status).toBe(404);
    expect(await systemDb().passwordReset.count()).toBe(before);
  });

  test("an admin's link lets the member set a new password once; every session of theirs ends, sockets included", async () => {
    const carol = await signIn("carol@acme.test");
    const socket = await w.socketFor(carol);
    const res = await make(carol.userId, w.alice.cookie);
    expect(res.status).toBe(201);
    const made = (await res.json()) as Made;
    expect(made.url).toMatch(/\/reset\/[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(await systemDb().passwordReset.findMany())).not.toContain(tokenOf(made));
    expect(await describePasswordReset(tokenOf(made))).toMatchObject({ email: "carol@acme.test" });
    // Making the link changes nothing yet: Carol is still signed in.
    expect(await sessionOf(carol.cookie)).not.toBeNull();

    expect((await use({ token: tokenOf(made), password: "carol-new-password-1" })).status).toBe(200);
    expect(await signInWithPassword({ email: "carol@acme.test", password: "carol-new-password-1" }, "10.8.8.1")).toMatchObject({ accountId: carol.accountId });
    expect(await signInWithPassword({ email: "carol@acme.test", password: "demo-password" }, "10.8.8.2")).toBeNull();
    expect(await sessionOf(carol.cookie)).toBeNull();
    await eventually(() => !socket.socket.connected, 2000, "carol's socket is cut");
    expect((await systemDb().authSession.findUniqueOrThrow({ where: { id: carol.sessionId } })).endReason).toBe("password_reset");
    // Spent: a second use, by anyone, changes nothing.
    const again = await use({ token: tokenOf(made), password: "mallory-password-1" });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { reason: string } }).error.reason).toBe("reset_invalid");
    expect(await describePasswordReset(tokenOf(made))).toBeNull();
    const lines = ((await (await call(audit, { path: "/api/account/audit", cookie: w.alice.cookie })).json()) as { events: AuditEntry[] }).events;
    expect(lines.slice(0, 2).map((l) => [l.action, l.target])).toEqual([
      ["password_reset_used", "Carol Tran"],
      ["password_reset_created", "Carol Tran"],
    ]);
  });

  test("two browsers racing with one link: exactly one password is set", async () => {
    const made = (await (await make(w.carol.userId, w.alice.cookie)).json()) as Made;
    const results = await Promise.all(["race-password-a1", "race-password-b2", "race-password-c3"].map((password) => use({ token: tokenOf(made), password })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    const winners = await Promise.all(["race-password-a1", "race-password-b2", "race-password-c3"].map((password, i) => signInWithPassword({ email: "carol@acme.test", password }, `10.8.9.${i}`)));
    expect(winners.filter(Boolean)).toHaveLength(1);
  });

  test("a newer link replaces the older; expired, made-up and short-password attempts are refused; guesses are rate limited", async () => {
    const first = (await (await make(w.carol.userId, w.alice.cookie)).json()) as Made;
    const second = (await (await make(w.carol.userId, w.alice.cookie)).json()) as Made;
    expect((await use({ token: tokenOf(first), password: "carol-password-xyz" })).status).toBe(400);
    expect((await use({ token: tokenOf(second), password: "short" })).status).toBe(400);
    await systemDb().passwordReset.updateMany({ where: { usedAt: null, revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await use({ token: tokenOf(second), password: "carol-password-xyz" })).status).toBe(400);
    expect(await signInWithPassword({ email: "carol@acme.test", password: "carol-password-xyz" }, "10.8.8.3")).toBeNull();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await use({ token: `guess-${i}-${"x".repeat(30)}`, password: "guess-password-123" })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 400 && s !== 429)).toEqual([]);
  });
});
