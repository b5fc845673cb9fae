import { beforeEach, describe, expect, test } from "vitest";
import { setProcessState } from "@/lib/process-state";
import { GET as listInvites, POST as createInvite } from "@/app/api/account/invites/route";
import { DELETE as revokeInvite } from "@/app/api/account/invites/[inviteId]/route";
import { POST as acceptInvite } from "@/app/api/invites/accept/route";
import { DELETE as removeMember, PATCH as changeRole } from "@/app/api/account/members/[userId]/route";
import { GET as integrationEvents } from "@/app/api/account/integration-events/route";
import { GET as audit } from "@/app/api/account/audit/route";
import { signInWithPassword } from "@/lib/auth/auth-options";
import { resolveSession } from "@/lib/auth/resolve-session";
import { systemDb } from "@/lib/db";
import { markRead } from "@/lib/inbox/mark-read";
import type { AuditEntry } from "@/lib/team/audit";
import { databaseKinds } from "../support/test-db";
import { ACME, GLOBEX, call, useWorld } from "../support/world";
import { asAccount } from "@/lib/tenancy/tenant-context";

type Made = { invite: { id: string }; url: string };

describe.each(databaseKinds())("Team settings on %s", (kind) => {
  const w = useWorld(kind);
  const invite = async (cookie = w.alice.cookie, role = "agent") => call(createInvite, { path: "/api/account/invites", body: { role }, cookie });
  const tokenOf = (m: Made) => m.url.split("/invite/")[1]!;
  const accept = (body: object) => call(acceptInvite, { path: "/api/invites/accept", body });
  // The accept route's per-address limit is process state: each case starts with a full bucket.
  beforeEach(() => setProcessState("rateLimits", undefined));

  test("guessing tokens is rate limited: the 11th quick attempt from one address is a 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await accept({ token: `guess-${i}-${"x".repeat(30)}`, name: "G", email: `g${i}@example.test`, password: "guess-password-123" })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
  });

  test("an admin's invite link lets a newcomer set their own name and password, once", async () => {
    const res = await invite();
    expect(res.status).toBe(201);
    const made = (await res.json()) as Made;
    expect(made.url).toMatch(/\/invite\/[A-Za-z0-9_-]{32}$/);
    // Only the hash is stored.
    expect(JSON.stringify(await systemDb().invite.findUniqueOrThrow({ where: { id: made.invite.id } }))).not.toContain(tokenOf(made));
    const joined = await accept({ token: tokenOf(made), name: "Erin Vo", email: "Erin@Acme.test", password: "erin-password-123" });
    expect(joined.status).toBe(201);
    const erin = await signInWithPassword({ email: "erin@acme.test", password: "erin-password-123" }, "10.9.9.9");
    expect(erin).toMatchObject({ name: "Erin Vo", accountId: ACME.id });
    expect((await systemDb().membership.findFirstOrThrow({ where: { userId: erin!.id } })).role).toBe("agent");
    // Spent: a second use, by anyone, creates nothing.
    const users = await systemDb().user.count();
    const again = await accept({ token: tokenOf(made), name: "Mallory", email: "mallory@evil.test", password: "mallory-password-1" });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { reason: string } }).error.reason).toBe("invite_invalid");
    expect(await systemDb().user.count()).toBe(users);
  });

  test("two people racing for one link: exactly one joins", async () => {
    const made = (await (await invite()).json()) as Made;
    const results = await Promise.all(
      ["race-a", "race-b", "race-c"].map((n) => accept({ token: tokenOf(made), name: n, email: `${n}@example.test`, password: "race-password-123" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400]);
    expect(await systemDb().membership.count({ where: { accountId: ACME.id, user: { email: { startsWith: "race-" } } } })).toBe(1);
  });

  test("expired, revoked and made-up links are refused; only the account's admins make, list or revoke invites", async () => {
    const expired = (await (await invite()).json()) as Made;
    await systemDb().invite.update({ where: { id: expired.invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await accept({ token: tokenOf(expired), name: "Late", email: "late@example.test", password: "late-password-123" })).status).toBe(400);
    const revoked = (await (await invite()).json()) as Made;
    expect((await call(revokeInvite, { path: "/x", method: "DELETE", cookie: w.bob.cookie, params: { inviteId: revoked.invite.id } })).status).toBe(404);
    expect((await call(revokeInvite, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { inviteId: revoked.invite.id } })).status).toBe(200);
    expect((await accept({ token: tokenOf(revoked), name: "Gone", email: "gone@example.test", password: "gone-password-123" })).status).toBe(400);
    expect((await accept({ token: "x".repeat(32), name: "Guess", email: "guess@example.test", password: "guess-password-123" })).status).toBe(400);
    expect((await invite(w.carol.cookie)).status).toBe(403);
    expect((await call(listInvites, { path: "/api/account/invites", cookie: w.carol.cookie })).status).toBe(403);
    const globexList = (await (await call(listInvites, { path: "/api/account/invites", cookie: w.bob.cookie })).json()) as { invites: unknown[] };
    expect(globexList.invites).toEqual([]);
    expect((await accept({ token: "short", name: "", email: "nope", password: "x" })).status).toBe(400);
  });

  test("someone with an Inbox login joins with their own password (name kept); a wrong one is refused", async () => {
    const made = (await (await invite()).json()) as Made;
    const wrong = await accept({ token: tokenOf(made), name: "Bob?", email: "bob@globex.test", password: "not-bobs-password" });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { reason: string } }).error.reason).toBe("existing_user");
    const ok = await accept({ token: tokenOf(made), name: "Someone else", email: "bob@globex.test", password: "demo-password" });
    expect(ok.status).toBe(201);
    const bob = await systemDb().user.findUniqueOrThrow({ where: { email: "bob@globex.test" }, include: { memberships: true } });
    expect(bob.name).not.toBe("Someone else");
    expect(bob.memberships.map((m) => m.accountId).sort()).toEqual([ACME.id, GLOBEX.id].sort());
  });

  test("roles: an admin promotes an agent at once; the last admin cannot step down; agents cannot change roles; the audit list says who did what", async () => {
    const promote = await call(changeRole, { path: "/x", method: "PATCH", body: { role: "admin" }, cookie: w.alice.cookie, params: { userId: w.carol.userId } });
    expect(promote.status).toBe(200);
    expect((await resolveSession({ headers: new Headers({ cookie: w.carol.cookie }) }))?.role).toBe("admin");
    const globexAdmins = await systemDb().membership.findMany({ where: { accountId: GLOBEX.id, role: "admin" } });
    expect(globexAdmins.map((m) => m.userId)).toEqual([w.bob.userId]);
    const last = await call(changeRole, { path: "/x", method: "PATCH", body: { role: "agent" }, cookie: w.bob.cookie, params: { userId: w.bob.userId } });
    expect(last.status).toBe(400);
    expect(((await last.json()) as { error: { reason: string } }).error.reason).toBe("last_admin");
    expect((await call(changeRole, { path: "/x", method: "PATCH", body: { role: "admin" }, cookie: w.dave.cookie, params: { userId: w.dave.userId } })).status).toBe(403);
    // Another account's member is unknown here.
    expect((await call(changeRole, { path: "/x", method: "PATCH", body: { role: "agent" }, cookie: w.bob.cookie, params: { userId: w.alice.userId } })).status).toBe(404);
    const back = await call(changeRole, { path: "/x", method: "PATCH", body: { role: "agent" }, cookie: w.alice.cookie, params: { userId: w.carol.userId } });
    expect(back.status).toBe(200);
    const { events } = (await (await call(audit, { path: "/api/account/audit", cookie: w.alice.cookie })).json()) as { events: AuditEntry[] };
    expect(events.find((e) => e.action === "role_changed" && e.detail === "admin")).toMatchObject({ actor: "Alice Nguyen", target: "Carol Tran" });
    expect(events.some((e) => e.action === "member_joined" && e.target === "Erin Vo")).toBe(true);
    expect((await call(audit, { path: "/api/account/audit", cookie: w.carol.cookie })).status).toBe(403);
    const globexAudit = (await (await call(audit, { path: "/api/account/audit", cookie: w.bob.cookie })).json()) as { events: AuditEntry[] };
    expect(globexAudit.events.some((e) => e.target === "Carol Tran")).toBe(false);
  });

  // Last: it removes Dave from Acme.
  test("a session replayed after its admin rights or membership went: demoted is 403 at once, removed is 401 on every account route; the removal is audited", async () => {
    expect((await call(changeRole, { path: "/x", method: "PATCH", body: { role: "admin" }, cookie: w.alice.cookie, params: { userId: w.dave.userId } })).status).toBe(200);
    expect((await invite(w.dave.cookie)).status).toBe(201);
    expect((await call(changeRole, { path: "/x", method: "PATCH", body: { role: "agent" }, cookie: w.alice.cookie, params: { userId: w.dave.userId } })).status).toBe(200);
    // The same cookie, a moment later: the role is read from the membership on every request.
    expect((await invite(w.dave.cookie)).status).toBe(403);
    expect((await call(audit, { path: "/api/account/audit", cookie: w.dave.cookie })).status).toBe(403);
    // Dave's read state in Acme (unread is per agent) goes with his membership; none was his in Globex.
    const acmeConversation = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id } });
    await systemDb().conversation.update({ where: { id: acmeConversation.id }, data: { inboundCount: { increment: 1 } } });
    await asAccount(ACME.id, () => markRead({ accountId: ACME.id, userId: w.dave.userId, conversationId: acmeConversation.id }));
    expect(await systemDb().conversationRead.count({ where: { userId: w.dave.userId, accountId: ACME.id } })).toBe(1);
    expect((await call(removeMember, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { userId: w.dave.userId } })).status).toBe(200);
    expect(await systemDb().conversationRead.count({ where: { userId: w.dave.userId } })).toBe(0);
    for (const res of [
      await invite(w.dave.cookie),
      await call(listInvites, { path: "/api/account/invites", cookie: w.dave.cookie }),
      await call(audit, { path: "/api/account/audit", cookie: w.dave.cookie }),
      await call(integrationEvents, { path: "/api/account/integration-events", cookie: w.dave.cookie }),
      await call(changeRole, { path: "/x", method: "PATCH", body: { role: "admin" }, cookie: w.dave.cookie, params: { userId: w.dave.userId } }),
    ])
      expect(res.status).toBe(401);
    const { events } = (await (await call(audit, { path: "/api/account/audit", cookie: w.alice.cookie })).json()) as { events: AuditEntry[] };
    expect(events[0]).toMatchObject({ action: "member_removed", target: "Dave", actor: "Alice Nguyen" });
  });
});
