import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GET as listRoute } from "@/app/api/integrations/route";
import { POST as startRoute } from "@/app/api/integrations/[channel]/oauth/start/route";
import { GET as callbackRoute } from "@/app/api/integrations/[channel]/oauth/callback/route";
import { POST as channelReply } from "@/app/api/[channel]/conversations/[id]/messages/route";
import { systemDb } from "@/lib/db";
import { buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { openCredentials, sealCredentials } from "@/lib/integrations/seal-credentials";
import { openSecret } from "@/lib/secret-box";
import { forgetIntegrations } from "@/lib/integrations/find-integration";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { zaloCredentials, type ZaloCredentials } from "@/lib/channels/zalo/credentials";
import { pkceChallenge } from "@/lib/channels/zalo/oauth-client";
import type { IntegrationSummary } from "@/lib/shared/integrations";
import { zaloOAuthOf, type FakeZaloOAuth } from "../support/fake-platforms/zalo";
import { forChannel } from "../support/channel-route";
import { databaseKinds } from "../support/test-db";
import { TEST_ORIGIN } from "../support/realtime-harness";
import { ACME, GLOBEX, call, useWorld, type World } from "../support/world";
import { postZalo } from "../support/webhooks";
import type { TestSession } from "../support/sessions";

// The fake's app (test/support/fake-platforms/zalo.ts): the server is configured for it.
const APP_ID = "300000000000001";
const APP_SECRET = "fake-zalo-app-secret";
process.env.ZALO_APP_ID = APP_ID;
process.env.ZALO_APP_SECRET = APP_SECRET;

const start = forChannel(startRoute, "zalo");
const callback = forChannel(callbackRoute, "zalo");
const zaloSend = forChannel(channelReply, "zalo");
const CALLBACK = "/api/integrations/zalo/oauth/callback";

const root = path.resolve(import.meta.dirname, "../..");

describe.each(databaseKinds())("Zalo OAuth and self-renewing tokens on %s", (kind) => {
  const w = useWorld(kind);
  let oauth: FakeZaloOAuth;
  beforeAll(() => {
    oauth = zaloOAuthOf(w.platform.tokens.zalo);
  });

  /** The admin's browser: Connect, then Zalo's consent page, which redirects back. Returns the callback path and the start answer. */
  async function consent(s: TestSession, input: Record<string, string> = {}) {
    const res = await call(start, { path: "/api/integrations/zalo/oauth/start", cookie: s.cookie, body: input });
    expect(res.status).toBe(200);
    const text = await res.text();
    const { url } = JSON.parse(text) as { url: string };
    const zalo = await fetch(url, { redirect: "manual" });
    expect(zalo.status).toBe(302);
    const back = new URL(zalo.headers.get("location")!);
    expect(back.origin + back.pathname).toBe(`${TEST_ORIGIN}${CALLBACK}`);
    return { callbackPath: back.pathname + back.search, url: new URL(url), startBody: text };
  }

  const finish = (s: TestSession, callbackPath: string) => call(callback, { path: callbackPath, cookie: s.cookie });

  async function connectOa(oaId: string, name: string, secretKey = `oa-secret-${oaId.slice(-3)}`) {
    oauth.consent = { oaId, name };
    const { callbackPath } = await consent(w.alice, { secretKey });
    const res = await finish(w.alice, callbackPath);
    expect(res.status).toBe(303);
    return { integration: await systemDb().integration.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: oaId } } }), secretKey };
  }

  const credentialsOf = async (id: string): Promise<ZaloCredentials> =>
    zaloCredentials.parse(openCredentials(await systemDb().integration.findUniqueOrThrow({ where: { id } })));

  /** Moves the stored expiry (as if time passed): the app believes the token dies at `at`. */
  async function storeExpiry(id: string, at: number) {
    const c = await credentialsOf(id);
    await systemDb().integration.update({ where: { id }, data: { credentials: sealCredentials("zalo", { ...c, accessTokenExpiresAt: new Date(at).toISOString() }) } });
    forgetIntegrations();
  }

  /** A customer writes to the OA (a signed webhook): the conversation to reply in. */
  async function conversationWith(oaId: string, secretKey: string, userId: string) {
    const hook = buildZaloWebhook({ to: oaId, from: userId, text: "xin chào" }, { appId: APP_ID, secretKey });
    expect((await postZalo(hook.body, hook.headers["x-zevent-signature"]!)).status).toBe(200);
    // The contact's profile is fetched in the background with the OA's token: let it finish first.
    await settleBackground();
    return systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: userId }, integration: { externalId: oaId } } });
  }

  const reply = (conversationId: string, text: string) =>
    call(zaloSend, { path: `/api/zalo/conversations/${conversationId}/messages`, body: { text }, cookie: w.alice.cookie, params: { id: conversationId } });

  const csCalls = () => w.platform.calls.filter((c) => c.path === "/v3.0/oa/message/cs");

  test("PKCE flow through the real routes: challenge out, verifier kept server-side, one use, the new OA in the admin's account", async () => {
    oauth.consent = { oaId: "200000000000701", name: "Acme Shop OA" };
    const { callbackPath, url, startBody } = await consent(w.alice, { secretKey: "oa-secret-701" });
    expect(url.origin).toBe(w.platform.url);
    expect(url.pathname).toBe("/v4/oa/permission");
    expect([...url.searchParams.keys()].sort()).toEqual(["app_id", "code_challenge", "redirect_uri", "state"]);
    expect(url.searchParams.get("app_id")).toBe(APP_ID);
    expect(url.searchParams.get("redirect_uri")).toBe(`${TEST_ORIGIN}${CALLBACK}`);
    // The verifier is in the database only, sealed; what the browser got is its S256 challenge.
    const attempt = await systemDb().oAuthAttempt.findFirstOrThrow({ where: { userId: w.alice.userId }, orderBy: { createdAt: "desc" } });
    const verifier = openSecret(attempt.codeVerifier);
    expect(attempt.codeVerifier).not.toContain(verifier);
    expect(startBody).not.toContain(verifier);
    expect(url.toString()).not.toContain(verifier);
    expect(url.searchParams.get("code_challenge")).toBe(pkceChallenge(verifier));
    expect(attempt.stateHash).not.toBe(url.searchParams.get("state"));

    const exchanges = oauth.counts.exchanges;
    const res = await finish(w.alice, callbackPath);
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!).pathname).toBe("/settings/channels");
    expect(oauth.counts.exchanges).toBe(exchanges + 1);
    const row = await systemDb().integration.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: "200000000000701" } } });
    expect(row).toMatchObject({ accountId: ACME.id, name: "Acme Shop OA", needsReauth: false, accessToken: null });
    const c = await credentialsOf(row.id);
    expect(c).toMatchObject({ appId: APP_ID, secretKey: "oa-secret-701" });
    expect(c.refreshToken).toMatch(/^zrt-/);
    // expires_in "90000" seconds from now.
    expect(Math.abs(Date.parse(c.accessTokenExpiresAt!) - (Date.now() + 90_000_000))).toBeLessThan(60_000);
    expect(row.credentials).not.toContain(c.accessToken);
    expect(await systemDb().oAuthAttempt.count({ where: { id: attempt.id } })).toBe(0);

    // Replayed: refused, and Zalo is not asked again.
    const replay = await finish(w.alice, callbackPath);
    expect(replay.status).toBe(400);
    expect(oauth.counts.exchanges).toBe(exchanges + 1);
    expect(w.platform.violations).toEqual([]);
  });

  test("a state that was never issued, or was altered, is refused and nothing is exchanged", async () => {
    oauth.consent = { oaId: "200000000000702", name: "Forged OA" };
    const { callbackPath } = await consent(w.alice, { secretKey: "oa-secret-702" });
    const exchanges = oauth.counts.exchanges;
    const forged = new URL(callbackPath, TEST_ORIGIN);
    forged.searchParams.set("state", `${forged.searchParams.get("state")}x`);
    expect((await finish(w.alice, forged.pathname + forged.search)).status).toBe(400);
    const none = new URL(callbackPath, TEST_ORIGIN);
    none.searchParams.delete("state");
    expect((await finish(w.alice, none.pathname + none.search)).status).toBe(400);
    // In the admin's browser the refusal is a page in their language, with the same status; scripts keep the JSON.
    const page = await call(callback, { path: forged.pathname + forged.search, cookie: `${w.alice.cookie}; inbox-locale=vi`, headers: { accept: "text/html,application/xhtml+xml" } });
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Lần kết nối Zalo này không bắt đầu từ phiên này");
    expect(html).toContain('href="/settings/channels"');
    expect(html).not.toContain("was not started from this session");
    const json = (await (await finish(w.alice, forged.pathname + forged.search)).json()) as { error: { reason: string; message: string } };
    expect(json.error).toMatchObject({ reason: "oauth_attempt_unknown", message: expect.stringContaining("was not started from this session") });
    expect(oauth.counts.exchanges).toBe(exchanges);
    expect(await systemDb().integration.count({ where: { externalId: "200000000000702" } })).toBe(0);
    // The real one still works afterwards: the forgeries consumed nothing.
    expect((await finish(w.alice, callbackPath)).status).toBe(303);

    // An attempt older than its 10 minutes is refused like an unknown one.
    oauth.consent = { oaId: "200000000000706", name: "Late OA" };
    const late = await consent(w.alice, { secretKey: "oa-secret-706" });
    await systemDb().oAuthAttempt.updateMany({ where: { userId: w.alice.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await finish(w.alice, late.callbackPath)).status).toBe(400);
    expect(await systemDb().integration.count({ where: { externalId: "200000000000706" } })).toBe(0);
  });

  test("the callback works only for the admin and session that started it: another account's admin, a colleague and an agent are refused", async () => {
    oauth.consent = { oaId: "200000000000703", name: "Acme Second OA" };
    const { callbackPath } = await consent(w.alice, { secretKey: "oa-secret-703" });
    const exchanges = oauth.counts.exchanges;
    expect((await finish(w.bob, callbackPath)).status).toBe(400);
    // Dave is in Acme too, but an agent: 403 before anything is looked at.
    expect((await finish(w.dave, callbackPath)).status).toBe(403);
    expect((await finish(w.carol, callbackPath)).status).toBe(403);
    expect((await call(callback, { path: callbackPath })).status).toBe(401);
    expect(oauth.counts.exchanges).toBe(exchanges);
    expect(await systemDb().integration.count({ where: { externalId: "200000000000703" } })).toBe(0);
    expect((await finish(w.alice, callbackPath)).status).toBe(303);
    expect((await systemDb().integration.findFirstOrThrow({ where: { externalId: "200000000000703" } })).accountId).toBe(ACME.id);
  });

  test("agents get 403 on every integration route; a cross-site start is refused", async () => {
    for (const s of [w.carol, w.dave]) {
      expect((await call(listRoute, { path: "/api/integrations", cookie: s.cookie })).status).toBe(403);
      expect((await call(start, { path: "/api/integrations/zalo/oauth/start", cookie: s.cookie, body: {} })).status).toBe(403);
    }
    const before = await systemDb().oAuthAttempt.count();
    expect((await call(start, { path: "/x", cookie: w.alice.cookie, body: {}, headers: { origin: "http://evil.test" } })).status).toBe(403);
    expect((await call(start, { path: "/x", cookie: w.alice.cookie, body: "{}", headers: { "content-type": "text/plain" } })).status).toBe(403);
    expect(await systemDb().oAuthAttempt.count()).toBe(before);
    // A channel without OAuth is a 404, like an unknown one.
    expect((await call(forChannel(startRoute, "facebook"), { path: "/x", cookie: w.alice.cookie, body: {} })).status).toBe(404);
    expect((await call(forChannel(startRoute, "nope"), { path: "/x", cookie: w.alice.cookie, body: {} })).status).toBe(404);
  });

  test("an OA connected to another account is refused, not moved, and no token is issued for it", async () => {
    oauth.consent = { oaId: GLOBEX.zalo.oaId, name: "Globex OA (hijack)" };
    const { callbackPath } = await consent(w.alice, { secretKey: "whatever-key" });
    const exchanges = oauth.counts.exchanges;
    const res = await finish(w.alice, callbackPath);
    expect(res.status).toBe(409);
    expect(oauth.counts.exchanges).toBe(exchanges);
    const row = await systemDb().integration.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: GLOBEX.zalo.oaId } } });
    expect(row.accountId).toBe(GLOBEX.id);
    expect(zaloCredentials.parse(openCredentials(row)).accessToken).toBe(GLOBEX.zalo.token);
  });

  test("a redirect whose oa_id is not the OA the token belongs to is refused", async () => {
    oauth.consent = { oaId: "200000000000704", name: "Real OA" };
    const { callbackPath } = await consent(w.alice, { secretKey: "oa-secret-704" });
    const tampered = new URL(callbackPath, TEST_ORIGIN);
    tampered.searchParams.set("oa_id", "200000000000705");
    expect((await finish(w.alice, tampered.pathname + tampered.search)).status).toBe(400);
    expect(await systemDb().integration.count({ where: { externalId: { in: ["200000000000704", "200000000000705"] } } })).toBe(0);
  });

  test("isolation: each admin lists only their account's integrations, with no secret", async () => {
    const list = async (s: TestSession) => {
      const res = await call(listRoute, { path: "/api/integrations", cookie: s.cookie });
      expect(res.status).toBe(200);
      const text = await res.text();
      return { text, integrations: (JSON.parse(text) as { integrations: IntegrationSummary[] }).integrations };
    };
    const acme = await list(w.alice);
    const globex = await list(w.bob);
    expect(acme.integrations.map((i) => i.externalId)).toContain(ACME.zalo.oaId);
    expect(acme.integrations.map((i) => i.externalId)).not.toContain(GLOBEX.zalo.oaId);
    expect(globex.integrations.map((i) => i.externalId).sort()).toEqual([GLOBEX.facebook.pageId, GLOBEX.zalo.oaId].sort());
    for (const secret of [ACME.zalo.token, ACME.zalo.secretKey, ACME.facebook.token, "zrt-", "zat-"]) expect(acme.text).not.toContain(secret);
    for (const secret of [GLOBEX.zalo.token, GLOBEX.zalo.secretKey]) expect(globex.text).not.toContain(secret);
  });

  test("an OA keeps replying past its access token's life, with no person involved", async () => {
    const { integration, secretKey } = await connectOa("200000000000710", "Long-lived OA");
    const conversation = await conversationWith("200000000000710", secretKey, "8000000000000710");
    const [refreshes, reused] = [oauth.counts.refreshes, oauth.counts.reused];
    const seen = new Set<string>();
    for (let day = 1; day <= 3; day++) {
      // A day passes: Zalo lets the token die, and the stored expiry says so.
      oauth.expireAccessTokens();
      await storeExpiry(integration.id, Date.now() - 1000);
      const res = await reply(conversation.id, `day ${day}`);
      expect(res.status).toBe(201);
      const token = csCalls().at(-1)!.headers.access_token as string;
      expect(seen.has(token)).toBe(false);
      seen.add(token);
    }
    // Renewed before use (the expiry said so): one refresh per day, never a refused send.
    expect(oauth.counts.refreshes).toBe(refreshes + 3);
    expect(csCalls().slice(-3).every((c) => seen.has(c.headers.access_token as string))).toBe(true);
    expect((await systemDb().integration.findUniqueOrThrow({ where: { id: integration.id } })).needsReauth).toBe(false);
    // Less than 5 minutes left also renews first.
    await storeExpiry(integration.id, Date.now() + 60_000);
    expect((await reply(conversation.id, "almost expired")).status).toBe(201);
    expect(oauth.counts.refreshes).toBe(refreshes + 4);
    expect(oauth.counts.reused).toBe(reused);
    expect(w.platform.violations).toEqual([]);
  });

  test("a -216 renews exactly once and retries the send once", async () => {
    const { integration, secretKey } = await connectOa("200000000000720", "Revoked-token OA");
    const conversation = await conversationWith("200000000000720", secretKey, "8000000000000720");
    const old = (await credentialsOf(integration.id)).accessToken;
    // The stored expiry says "fine for a day", but Zalo no longer takes the token.
    oauth.expireAccessTokens();
    const [refreshes, sends] = [oauth.counts.refreshes, csCalls().length];
    const res = await reply(conversation.id, "after -216");
    expect(res.status).toBe(201);
    expect(oauth.counts.refreshes).toBe(refreshes + 1);
    const tried = csCalls().slice(sends).map((c) => c.headers.access_token);
    expect(tried).toHaveLength(2);
    expect(tried[0]).toBe(old);
    expect(tried[1]).toBe((await credentialsOf(integration.id)).accessToken);
    expect(tried[1]).not.toBe(old);

    // A token Zalo refuses right after renewal: still one refresh and one retry, then a failure.
    oauth.failNextRefresh = null;
    const [r2, s2] = [oauth.counts.refreshes, csCalls().length];
    w.platform.failNext("zalo", { status: 200, body: { error: -216, message: "Access token is invalid" } });
    w.platform.failNext("zalo", { status: 200, body: { error: -216, message: "Access token is invalid" } });
    expect((await reply(conversation.id, "refused twice")).status).toBe(502);
    expect(csCalls().length - s2).toBe(2);
    expect(oauth.counts.refreshes - r2).toBe(1);
    await systemDb().integration.update({ where: { id: integration.id }, data: { needsReauth: false, reauthReason: null } });
    forgetIntegrations();
    expect(w.platform.violations).toEqual([]);
  });

  test("a spent refresh token (-14020) flags the OA for reconnection with its reason; reconnecting clears it", async () => {
    const { integration, secretKey } = await connectOa("200000000000730", "Spent-token OA");
    const conversation = await conversationWith("200000000000730", secretKey, "8000000000000730");
    oauth.spendRefreshToken((await credentialsOf(integration.id)).refreshToken!);
    oauth.expireAccessTokens();
    const res = await reply(conversation.id, "needs a new token");
    expect(res.status).toBe(502);
    expect(oauth.counts.reused).toBeGreaterThan(0);
    const row = await systemDb().integration.findUniqueOrThrow({ where: { id: integration.id } });
    expect(row.needsReauth).toBe(true);
    expect(row.reauthReason).toMatch(/-14020/);
    expect(row.reauthReason).toMatch(/Reconnect/);
    const listed = (await (await call(listRoute, { path: "/api/integrations", cookie: w.alice.cookie })).json()) as { integrations: IntegrationSummary[] };
    expect(listed.integrations.find((i) => i.id === integration.id)).toMatchObject({ state: "needs_reconnection", reason: row.reauthReason });
    // The message says why, and the stored refresh token is not tried again and again.
    const reused = oauth.counts.reused;
    expect((await reply(conversation.id, "still flagged")).status).toBe(502);
    expect(oauth.counts.reused).toBe(reused);

    // Reconnect (no secret key typed: the stored one is kept) and reply again.
    oauth.consent = { oaId: "200000000000730", name: "Spent-token OA" };
    const { callbackPath } = await consent(w.alice);
    expect((await finish(w.alice, callbackPath)).status).toBe(303);
    const again = await systemDb().integration.findUniqueOrThrow({ where: { id: integration.id } });
    expect(again).toMatchObject({ needsReauth: false, reauthReason: null });
    expect((await credentialsOf(integration.id)).secretKey).toBe(secretKey);
    expect((await reply(conversation.id, "back")).status).toBe(201);
  });

  test("Zalo's token endpoint down: the send fails, the OA is not flagged, the next send renews", async () => {
    const { integration, secretKey } = await connectOa("200000000000740", "Outage OA");
    const conversation = await conversationWith("200000000000740", secretKey, "8000000000000740");
    oauth.expireAccessTokens();
    oauth.failNextRefresh = { status: 503, body: "upstream unavailable" };
    expect((await reply(conversation.id, "during the outage")).status).toBe(502);
    expect((await systemDb().integration.findUniqueOrThrow({ where: { id: integration.id } })).needsReauth).toBe(false);
    expect((await reply(conversation.id, "after the outage")).status).toBe(201);
  });

  test("a legacy OA (no refresh token, no expiry) still replies; a -216 flags it with a reason", async () => {
    const acmeOa = await systemDb().integration.findUniqueOrThrow({ where: { channel_externalId: { channel: "zalo", externalId: ACME.zalo.oaId } } });
    const conversation = await conversationWith(ACME.zalo.oaId, ACME.zalo.secretKey, "8000000000000750");
    const refreshes = oauth.counts.refreshes;
    expect((await reply(conversation.id, "legacy works")).status).toBe(201);
    w.platform.failNext("zalo", { status: 200, body: { error: -216, message: "Access token is invalid" } });
    expect((await reply(conversation.id, "legacy refused")).status).toBe(502);
    expect(oauth.counts.refreshes).toBe(refreshes);
    const row = await systemDb().integration.findUniqueOrThrow({ where: { id: acmeOa.id } });
    expect(row.needsReauth).toBe(true);
    expect(row.reauthReason).toMatch(/no refresh token/);
    await systemDb().integration.update({ where: { id: acmeOa.id }, data: { needsReauth: false, reauthReason: null } });
    forgetIntegrations();
  });

  test("many replies needing a fresh token at once on one node: exactly one refresh", async () => {
    const { integration, secretKey } = await connectOa("200000000000760", "Busy OA");
    const conversations = await Promise.all([0, 1, 2, 3, 4].map((i) => conversationWith("200000000000760", secretKey, `800000000000076${i}`)));
    oauth.expireAccessTokens();
    await storeExpiry(integration.id, Date.now() - 1000);
    oauth.refreshDelayMs = 200;
    const [refreshes, reused] = [oauth.counts.refreshes, oauth.counts.reused];
    try {
      const results = await Promise.all(conversations.map((c, i) => reply(c.id, `burst ${i}`)));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    } finally {
      oauth.refreshDelayMs = 0;
    }
    expect(oauth.counts.refreshes).toBe(refreshes + 1);
    expect(oauth.counts.reused).toBe(reused);
  });

  describe.skipIf(kind !== "postgres")("two nodes (two processes, one PostgreSQL database)", () => {
    const nodes: { child: ChildProcess; next: () => Promise<Record<string, unknown>> }[] = [];
    beforeAll(async () => {
      for (let n = 0; n < 2; n++) nodes.push(await startNode(w));
    }, 60_000);
    afterAll(() => {
      for (const n of nodes) n.child.kill("SIGTERM");
    });

    async function race(label: string, prepare: (integrationId: string) => Promise<void>) {
      const { integration, secretKey } = await connectOa(`20000000000078${label}`, `Two-node OA ${label}`);
      const [c1, c2] = [await conversationWith(integration.externalId, secretKey, `80000000000078${label}1`), await conversationWith(integration.externalId, secretKey, `80000000000078${label}2`)];
      await prepare(integration.id);
      const [refreshes, reused] = [oauth.counts.refreshes, oauth.counts.reused];
      oauth.refreshDelayMs = 300;
      try {
        const replies = [c1, c2].map((c, i) => JSON.stringify({ accountId: ACME.id, userId: w.alice.userId, conversationId: c.id, text: `node ${i + 1}` }));
        // Both at the same moment: neither can see the other's pair before it needs one.
        const results = await Promise.all(nodes.map((n, i) => (n.child.stdin!.write(`${replies[i]}\n`), n.next())));
        expect(results).toEqual([
          { ok: true, status: "sent" },
          { ok: true, status: "sent" },
        ]);
      } finally {
        oauth.refreshDelayMs = 0;
      }
      expect(oauth.counts.refreshes - refreshes).toBe(1);
      expect(oauth.counts.reused - reused).toBe(0);
      expect((await systemDb().integration.findUniqueOrThrow({ where: { id: integration.id } })).needsReauth).toBe(false);
      expect(w.platform.violations).toEqual([]);
    }

    test("both renew before expiry at the same moment: exactly one refresh reaches Zalo, both sends succeed", async () => {
      await race("1", async (id) => {
        oauth.expireAccessTokens();
        await storeExpiry(id, Date.now() - 1000);
      });
    }, 60_000);

    test("both get -216 at the same moment: exactly one refresh, the other node re-reads the new pair", async () => {
      await race("2", async () => oauth.expireAccessTokens());
    }, 60_000);
  });
});

/** A second server process on the same database: its own client, pool and caches. */
async function startNode(w: World) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/zalo-token-node.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: w.databaseUrl, ZALO_API_URL: w.platform.url, ZALO_OAUTH_URL: w.platform.url, LOG_LEVEL: "silent" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("node did not answer")), 30_000);
      const take = (line: string) => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Record<string, unknown>);
      };
      const ready = lines.shift();
      if (ready !== undefined) take(ready);
      else waiting.push(take);
    });
  expect(await next()).toEqual({ ready: true });
  return { child, next };
}
