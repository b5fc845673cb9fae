import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { systemDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { hashPassword } from "@/lib/auth/password";
import { revokeSession } from "@/lib/auth/revoke-session";
import { sealSecret } from "@/lib/secret-box";
import { buildFacebookWebhook, buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { receiveWebhook } from "@/lib/routes/receive-webhook";
import { sendReply } from "@/lib/inbox/send-reply";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { createRedisAdapter } from "@/lib/realtime/redis-adapter";
import { setIo, type InboxServer } from "@/lib/realtime/io";
import { openTestDatabase } from "../support/test-db";
import { switchAccount } from "@/lib/auth/switch-account";
import { findLiveSession } from "@/lib/auth/resolve-session";
import { removeMembership } from "@/lib/auth/revoke-session";
import { connected, eventually, startRealtime } from "../support/realtime-harness";
import { catchUpClient, type CatchUpClient } from "../support/catch-up-client";
import { startFakePlatform, type FakePlatform } from "../support/fake-platform";
import { signIn, type TestSession } from "../support/sessions";
import { REDIS_URL } from "../support/services";
import { asAccount } from "@/lib/tenancy/tenant-context";

/**
 * The promise, as a property: K accounts, several agents and sessions each,
 * sockets on both transports spread over two nodes joined by Redis; thousands of
 * random inbound and outbound events on both channels from either node; mid-run,
 * users who belong to two accounts switch between them, some sessions sign out
 * and some members are removed. Every socket must see — live, or through the
 * catch-up the browser runs after each connect — exactly its own account's
 * events while its session was valid: 0 leaks, 0 misses, counted per socket.
 * Bigger run: PROPERTY_ACCOUNTS=20 PROPERTY_EVENTS=20000 npx vitest run test/integration/isolation-property.test.ts
 */
const K = Number(process.env.PROPERTY_ACCOUNTS ?? 5);
const EVENTS = Number(process.env.PROPERTY_EVENTS ?? 2000);
const CONCURRENCY = 4;
const AGENTS = 2;
const SESSIONS_PER_AGENT = 2;
const FB_SECRET = "demo-app-secret";

let seed = Number(process.env.PROPERTY_SEED ?? 20261128);
const random = () => {
  // mulberry32: reproducible runs for a given PROPERTY_SEED
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

type Account = { id: string; page: string; oa: string; appId: string; secretKey: string; token: string };
type Watched = { account: Account; session: TestSession; client: CatchUpClient; fromOp: number; validUntilOp: number };

/** Switching account through the real service: a new session bound to the other account, the old one revoked. */
async function switchTo(session: TestSession, accountId: string): Promise<TestSession> {
  const current = await findLiveSession(session.sessionId);
  if (!current) throw new Error("switching from a dead session");
  const next = await switchAccount({ session: current, accountId });
  return { cookie: next.setCookie.split(";")[0]!, userId: session.userId, accountId, sessionId: next.sessionId };
}

const multiNode = inject("postgresAvailable") && inject("redisAvailable");

describe.skipIf(!multiNode)("isolation property across two nodes (PostgreSQL + Redis)", () => {
  const accounts: Account[] = [];
  const watched: Watched[] = [];
  const expected = new Map<string, Set<string>>(); // account id → message ids, in op order
  const opOfMessage = new Map<string, number>();
  let nodes: InboxServer[] = [];
  let urls: string[] = [];
  const roamers: { home: Account; away: Account; session: TestSession }[] = [];
  let platform: FakePlatform;
  const cleanups: (() => Promise<void> | void)[] = [];
  const adminOf = new Map<string, string>(); // account id → its admin, who replies (a reply is a member's, scoped by their inboxes)

  beforeAll(async () => {
    const database = await openTestDatabase("postgres");
    cleanups.push(() => database.close());
    const tokens = { facebook: {} as Record<string, string>, zalo: [] as string[] };
    const passwordHash = await hashPassword("demo-password");
    for (let i = 0; i < K; i++) {
      const a: Account = { id: `prop-${i}`, page: `11000000000000${i}`, oa: `21000000000000${i}`, appId: "31000000000000", secretKey: `oa-secret-${i}`, token: `token-${i}` };
      accounts.push(a);
      expected.set(a.id, new Set());
      tokens.facebook[a.page] = a.token;
      tokens.zalo.push(a.token);
      await systemDb().account.create({ data: { id: a.id, name: `Account ${i}` } });
      await systemDb().integration.create({ data: { accountId: a.id, channel: "facebook", externalId: a.page, name: "Page", accessToken: sealSecret(a.token) } });
      await systemDb().integration.create({ data: { accountId: a.id, channel: "zalo", externalId: a.oa, name: "OA", appId: a.appId, accessToken: sealSecret(a.token), secretKey: sealSecret(a.secretKey) } });
      for (let j = 0; j < AGENTS; j++) {
        const user = await systemDb().user.create({ data: { email: `agent${j}@account${i}.test`, name: `Agent ${j}`, passwordHash } });
        await systemDb().membership.create({ data: { accountId: a.id, userId: user.id, role: j ? "agent" : "admin" } });
        if (!j) adminOf.set(a.id, user.id);
      }
    }
    // One user per account who also belongs to the next one: signs in at home, switches away mid-run.
    for (let i = 0; i < K; i++) {
      const user = await systemDb().user.create({ data: { email: `roamer@account${i}.test`, name: "Roamer", passwordHash } });
      await systemDb().membership.create({ data: { accountId: accounts[i]!.id, userId: user.id, role: "agent", createdAt: new Date(Date.now() - 60_000) } });
      await systemDb().membership.create({ data: { accountId: accounts[(i + 1) % K]!.id, userId: user.id, role: "agent" } });
    }
    platform = await startFakePlatform(tokens);
    process.env.FACEBOOK_GRAPH_API_URL = platform.url;
    process.env.ZALO_API_URL = platform.url;
    resetEnvForTests();
    cleanups.push(() => platform.close());

    // Two nodes, each with its own Redis connection, as two processes would have.
    const r1 = await createRedisAdapter(REDIS_URL);
    const r2 = await createRedisAdapter(REDIS_URL);
    const n1 = await startRealtime(r1.adapter);
    const n2 = await startRealtime(r2.adapter);
    nodes = [n1.io, n2.io];
    // Run in reverse: the servers (and their adapters' stream readers) stop before Redis closes.
    cleanups.push(() => r2.close(), () => r1.close(), () => n1.stop(), () => n2.stop());
    urls = [n1.url, n2.url];

    for (const a of accounts) {
      for (let j = 0; j < AGENTS; j++) {
        for (let s = 0; s < SESSIONS_PER_AGENT; s++) {
          await watch(a, await signIn(`agent${j}@account${a.id.slice(5)}.test`, "demo-password"), 0);
        }
      }
    }
    for (let i = 0; i < K; i++) {
      const session = await signIn(`roamer@account${i}.test`, "demo-password");
      expect(session.accountId).toBe(accounts[i]!.id);
      roamers.push({ home: accounts[i]!, away: accounts[(i + 1) % K]!, session });
      await watch(accounts[i]!, session, 0);
    }
  }, 180_000);

  /** Two sockets for a session (both transports, random nodes), each catching up as the browser does. */
  async function watch(account: Account, session: TestSession, fromOp: number) {
    const first = Math.floor(random() * 2);
    for (const [transport, node] of [["websocket", first], ["polling", 1 - first]] as const) {
      const c = await catchUpClient(urls[node]!, session.cookie, { transports: [transport] });
      await connected(c);
      await eventually(() => c.catchUps > 0, 5000, "first catch-up");
      watched.push({ account, session, client: c, fromOp, validUntilOp: Infinity });
    }
  }

  afterAll(async () => {
    for (const w of watched) w.client.close();
    await settleBackground();
    setIo(nodes[0]);
    for (const fn of cleanups.reverse()) await fn();
  });

  const received = (w: Watched) => w.client.seen.messageIds;
  const wanted = (w: Watched) => [...expected.get(w.account.id)!].filter((id) => opOfMessage.get(id)! >= w.fromOp && opOfMessage.get(id)! < w.validUntilOp);

  async function quiesce(ms: number) {
    const live = () => watched.filter((w) => w.validUntilOp === Infinity);
    await eventually(() => live().every((w) => wanted(w).every((id) => received(w).has(id))), ms, "all sockets caught up").catch(() => undefined);
  }

  /** Ends sessions between ops: from `op` on, their sockets must see nothing. */
  async function ended(sessionIds: Set<string>, op: number) {
    for (const w of watched) if (sessionIds.has(w.session.sessionId) && w.validUntilOp === Infinity) w.validUntilOp = op;
    await eventually(() => watched.every((w) => w.validUntilOp === Infinity || !w.client.socket.connected), 3000, "ended sessions cut");
  }

  test(`${K} accounts, ${watched.length || "many"} sockets, ${EVENTS} events: 0 leaks, 0 misses`, async () => {
    const conversations = new Map<string, { id: string; channel: "facebook" | "zalo"; userId: string }[]>();
    let op = 0;
    const switchAt = Math.floor(EVENTS / 3);
    const revokeAt = Math.floor(EVENTS / 2);
    const removeAt = Math.floor((2 * EVENTS) / 3);
    const counts = { inboundFacebook: 0, inboundZalo: 0, outboundFacebook: 0, outboundZalo: 0, revokedSessions: 0, switched: 0, removed: 0 };

    const runOp = async (op: number) => {
      const a = pick(accounts);
      const mine = conversations.get(a.id) ?? [];
      conversations.set(a.id, mine);
      const outbound = mine.length > 0 && random() < 0.3;
      let messageId: string;
      if (outbound) {
        const c = pick(mine);
        // As the reply route does: the work of the admin's account (row-level security on).
        const reply = await asAccount(a.id, () => sendReply({ accountId: a.id, userId: adminOf.get(a.id)!, conversationId: c.id, channel: c.channel, text: `reply ${op}` }));
        messageId = reply.id;
        if (c.channel === "facebook") counts.outboundFacebook++;
        else counts.outboundZalo++;
      } else {
        const channel = random() < 0.5 ? "facebook" : "zalo";
        const userId = `9${a.id.slice(5)}${Math.floor(random() * 20)}`;
        const mid = `prop-${op}`;
        if (channel === "facebook") {
          const req = buildFacebookWebhook({ to: a.page, from: userId, text: `in ${op}`, mid }, FB_SECRET);
          await receiveWebhook("facebook")(Buffer.from(req.body), req.headers["x-hub-signature-256"]!);
          counts.inboundFacebook++;
        } else {
          const req = buildZaloWebhook({ to: a.oa, from: userId, text: `in ${op}`, mid }, { appId: a.appId, secretKey: a.secretKey });
          await receiveWebhook("zalo")(Buffer.from(req.body), req.headers["x-zevent-signature"]!);
          counts.inboundZalo++;
        }
        const stored = await systemDb().message.findFirstOrThrow({ where: { externalId: mid } });
        expect(stored.accountId).toBe(a.id);
        messageId = stored.id;
        if (!mine.some((c) => c.id === stored.conversationId)) mine.push({ id: stored.conversationId, channel, userId });
      }
      expected.get(a.id)!.add(messageId);
      opOfMessage.set(messageId, op);
    };

    for (; op < EVENTS; op += CONCURRENCY) {
      if (op >= switchAt && counts.switched === 0) {
        // Every roamer switches to its other account: the home sockets are cut, new ones start there.
        await quiesce(10_000);
        const old = new Set(roamers.map((r) => r.session.sessionId));
        for (const r of roamers) {
          setIo(pick(nodes));
          r.session = await switchTo(r.session, r.away.id);
        }
        await ended(old, op);
        for (const r of roamers) await watch(r.away, r.session, op);
        counts.switched = roamers.length;
      }
      if (op >= revokeAt && counts.revokedSessions === 0) {
        await quiesce(10_000);
        const roaming = new Set(roamers.map((r) => r.session.sessionId));
        const sessions = [...new Map(watched.filter((w) => w.validUntilOp === Infinity && !roaming.has(w.session.sessionId)).map((w) => [w.session.sessionId, w.session])).values()].filter(() => random() < 0.25);
        for (const s of sessions) {
          setIo(pick(nodes));
          await revokeSession(s.sessionId);
        }
        await ended(new Set(sessions.map((s) => s.sessionId)), op);
        counts.revokedSessions = sessions.length;
      }
      if (op >= removeAt && counts.removed === 0) {
        // Half the roamers lose the account they switched to; their sessions there end on every node.
        await quiesce(10_000);
        const gone = roamers.filter((_, i) => i % 2 === 0);
        for (const r of gone) {
          setIo(pick(nodes));
          await removeMembership(r.away.id, r.session.userId);
        }
        await ended(new Set(gone.map((r) => r.session.sessionId)), op);
        counts.removed = gone.length;
      }
      // A few ops at once, all emitted from one node (the emit module reads the process's io).
      setIo(pick(nodes));
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, EVENTS - op) }, (_, i) => runOp(op + i)));
    }
    // What a browser does at the end of the day: one more catch-up on every socket still live.
    for (const w of watched) if (w.validUntilOp === Infinity) await w.client.catchUp();
    await quiesce(15_000);

    // The oracle: what each socket should have seen, from the ops we chose — not from the code under test.
    const accountOfConversation = new Map((await systemDb().conversation.findMany({ select: { id: true, accountId: true } })).map((c) => [c.id, c.accountId]));
    const allMessages = new Map([...expected].flatMap(([account, ids]) => [...ids].map((id) => [id, account] as const)));
    let leaks = 0;
    let misses = 0;
    let delivered = 0;
    let caughtUp = 0;
    for (const w of watched) {
      const got = received(w);
      delivered += got.size;
      caughtUp += [...got].filter((id) => !w.client.seen.liveMessageIds.has(id)).length;
      // Of another account, or after this socket's session ended: a leak. (Earlier ones of its own account may come by catch-up.)
      for (const id of got) if (allMessages.get(id) !== w.account.id || opOfMessage.get(id)! >= w.validUntilOp) leaks++;
      for (const id of wanted(w)) if (!got.has(id)) misses++;
      for (const id of w.client.seen.conversationIds) if (accountOfConversation.get(id) !== w.account.id) leaks++;
    }
    console.log(JSON.stringify({ property: "isolation", accounts: K, sockets: watched.length, events: EVENTS, ...counts, delivered, caughtUp, leaks, misses }));
    expect(platform.violations).toEqual([]);
    expect({ leaks, misses }).toEqual({ leaks: 0, misses: 0 });
    expect(counts.revokedSessions).toBeGreaterThan(0);
    expect(counts.switched).toBe(K);
    expect(counts.removed).toBeGreaterThan(0);
  }, 300_000);
});
