import { describe, expect, test } from "vitest";
import { POST as switchRoute } from "@/app/api/account/switch/route";
import { GET as me } from "@/app/api/me/route";
import { GET as listConversations } from "@/app/api/conversations/route";
import { DELETE as removeMember } from "@/app/api/account/members/[userId]/route";
import { authOptions } from "@/lib/auth/auth-options";
import { endedSession, resolveSession } from "@/lib/auth/resolve-session";
import { createAccount } from "@/lib/admin/create-account";
import { systemDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import type { Me } from "@/lib/auth/get-me";
import type { ConversationDto } from "@/lib/inbox/dto";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep, TEST_ORIGIN } from "../support/realtime-harness";
import { signIn } from "../support/sessions";
import { ACME, GLOBEX, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";

/** The `name=value` part of a Set-Cookie, as a browser would send it back. */
function cookieFrom(res: Response): string {
  const set = res.headers.get("set-cookie");
  expect(set).toBeTruthy();
  return set!.split(";")[0]!;
}

const switchTo = (cookie: string, accountId: string) => call(switchRoute, { path: "/api/account/switch", body: { accountId }, cookie });

describe.each(databaseKinds())("switching accounts on %s", (kind) => {
  const w = useWorld(kind);

  test("Dave lands in his oldest membership (Acme) and /api/me lists both his accounts", async () => {
    const dave = await signIn("dave@acme.test");
    expect(dave.accountId).toBe(ACME.id);
    const mine = (await (await call(me, { path: "/api/me", cookie: dave.cookie })).json()) as Me;
    expect(mine.account).toEqual({ id: ACME.id, name: "Acme" });
    expect(mine.accounts).toEqual([
      { id: ACME.id, name: "Acme", role: "agent" },
      { id: GLOBEX.id, name: "Globex", role: "agent" },
    ]);
    const alice = (await (await call(me, { path: "/api/me", cookie: w.alice.cookie })).json()) as Me;
    expect(alice.accounts).toEqual([{ id: ACME.id, name: "Acme", role: "admin" }]);
  });

  test("Acme → Globex: the new cookie works for Globex only, the old one is 401, the old session's sockets are cut", async () => {
    const dave = await signIn("dave@acme.test");
    const oldSocket = await w.socketFor(dave);
    const res = await switchTo(dave.cookie, GLOBEX.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accountId: GLOBEX.id });
    const set = res.headers.get("set-cookie")!;
    expect(set).toMatch(/^next-auth\.session-token=[^;]+; Path=\/; Expires=[^;]+; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const cookie = cookieFrom(res);

    await eventually(() => !oldSocket.socket.connected, 1000, "old session's socket cut");
    expect((await call(listConversations, { path: "/api/conversations", cookie: dave.cookie })).status).toBe(401);
    expect((await systemDb().authSession.findUniqueOrThrow({ where: { id: dave.sessionId } })).revokedAt).not.toBeNull();

    const mine = (await (await call(me, { path: "/api/me", cookie })).json()) as Me;
    expect(mine.account.id).toBe(GLOBEX.id);
    const list = (await (await call(listConversations, { path: "/api/conversations?status=all", cookie })).json()) as { conversations: ConversationDto[] };
    const globexIds = new Set((await systemDb().conversation.findMany({ where: { accountId: GLOBEX.id } })).map((c) => c.id));
    expect(list.conversations.length).toBe(globexIds.size);
    expect(list.conversations.every((c) => globexIds.has(c.id))).toBe(true);

    // The new session's socket is in Globex's room, not Acme's.
    const socket = await w.socketFor({ ...dave, cookie });
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7620000000000001", text: "for acme" }, FB_SECRET).body)).status).toBe(200);
    expect((await postFacebook(buildFacebookWebhook({ to: GLOBEX.facebook.pageId, from: "7620000000000002", text: "for globex" }, FB_SECRET).body)).status).toBe(200);
    await eventually(() => JSON.stringify(socket.events).includes("for globex"), 2000, "globex event");
    await sleep(100);
    expect(JSON.stringify(socket.events)).not.toContain("for acme");
  });

  test("an account Dave is not a member of, or one that does not exist, is 404 and his session stays as it was", async () => {
    const dave = await signIn("dave@acme.test");
    const initech = await createAccount("Initech");
    const foreign = await switchTo(dave.cookie, initech.id);
    const missing = await switchTo(dave.cookie, "no-such-account");
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await foreign.json()).toEqual(await missing.json());
    expect(foreign.headers.get("set-cookie")).toBeNull();
    // Carol (Acme only) cannot reach Globex either.
    expect((await switchTo(w.carol.cookie, GLOBEX.id)).status).toBe(404);
    expect((await switchTo(dave.cookie, "bad\u0000id")).status).toBe(400);
    expect((await call(listConversations, { path: "/api/conversations", cookie: dave.cookie })).status).toBe(200);
    expect(await systemDb().authSession.count({ where: { userId: dave.userId, accountId: initech.id } })).toBe(0);
  });

  test("removed from Acme, Dave cannot switch back to Acme; only his Acme sockets are cut, his Globex socket stays", async () => {
    const inAcme = await signIn("dave@acme.test");
    const acmeSocket = await w.socketFor(inAcme);
    const other = await signIn("dave@acme.test");
    const cookie = cookieFrom(await switchTo(other.cookie, GLOBEX.id));
    const globexSocket = await w.socketFor({ ...other, cookie });
    expect((await call(removeMember, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { userId: inAcme.userId } })).status).toBe(200);
    await eventually(() => !acmeSocket.socket.connected, 1000, "acme socket cut");
    await sleep(200);
    expect(globexSocket.socket.connected).toBe(true);
    // The login page tells him why his Acme tab was signed out (issue 12 bug 7); the tab he
    // switched away from, and his live Globex one, have nothing to explain.
    const headersOf = (c: string) => ({ headers: new Headers({ cookie: c }) });
    expect(await endedSession(headersOf(inAcme.cookie))).toEqual({ reason: "removed", accountName: "Acme" });
    expect(await endedSession(headersOf(other.cookie))).toBeNull();
    expect(await endedSession(headersOf(cookie))).toBeNull();
    expect(await endedSession(headersOf(""))).toBeNull();
    await systemDb().authSession.update({ where: { id: (await resolveSession(headersOf(cookie)))!.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await endedSession(headersOf(cookie))).toEqual({ reason: "expired" });
    await systemDb().authSession.updateMany({ where: { userId: inAcme.userId, accountId: GLOBEX.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
    const back = await switchTo(cookie, ACME.id);
    expect(back.status).toBe(404);
    const mine = (await (await call(me, { path: "/api/me", cookie })).json()) as Me;
    expect(mine.accounts.map((a) => a.name)).toEqual(["Globex"]);
    // Signing in again now lands in Globex, his only account.
    expect((await signIn("dave@acme.test")).accountId).toBe(GLOBEX.id);
    await systemDb().membership.create({ data: { accountId: ACME.id, userId: inAcme.userId, role: "agent", createdAt: new Date(0) } });
  });

  test("over HTTPS the session cookie is __Host- prefixed, and that is the one name resolveSession reads", async () => {
    const previous = process.env.APP_URL;
    process.env.APP_URL = "https://inbox.example.test";
    resetEnvForTests();
    try {
      expect(authOptions().cookies?.sessionToken).toMatchObject({ name: "__Host-next-auth.session-token", options: { secure: true, path: "/", httpOnly: true, sameSite: "lax" } });
      const alice = await signIn("alice@acme.test");
      expect(alice.cookie.startsWith("__Host-next-auth.session-token=")).toBe(true);
      expect(await resolveSession({ headers: new Headers({ cookie: alice.cookie }) })).toMatchObject({ accountId: ACME.id });
      const value = alice.cookie.slice(alice.cookie.indexOf("=") + 1);
      for (const name of ["next-auth.session-token", "__Secure-next-auth.session-token"]) {
        expect(await resolveSession({ headers: new Headers({ cookie: `${name}=${value}` }) })).toBeNull();
      }
      const dave = await signIn("dave@acme.test");
      const res = await call(switchRoute, { path: "/x", body: { accountId: GLOBEX.id }, cookie: dave.cookie, headers: { origin: "https://inbox.example.test" } });
      expect(res.status).toBe(200);
      const set = res.headers.get("set-cookie")!;
      expect(set.startsWith("__Host-next-auth.session-token=")).toBe(true);
      expect(set).toContain("; Secure");
      expect(set).toContain("; Path=/");
      expect(set).not.toMatch(/Domain=/i);
      expect(await resolveSession({ headers: new Headers({ cookie: cookieFrom(res) }) })).toMatchObject({ accountId: GLOBEX.id });
    } finally {
      process.env.APP_URL = previous ?? TEST_ORIGIN;
      resetEnvForTests();
    }
  });
});
