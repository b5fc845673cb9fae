import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Packet } from "socket.io-parser";
import { GET as changesRoute } from "@/app/api/changes/route";
import { GET as listConversations } from "@/app/api/conversations/route";
import { systemDb } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { removeMembership } from "@/lib/auth/revoke-session";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { recordIncoming } from "@/lib/inbox/record-incoming";
import { createRedisAdapter } from "@/lib/realtime/redis-adapter";
import { recheckSessions } from "@/lib/server/create-realtime-server";
import { getIo, setIo, type InboxServer } from "@/lib/realtime/io";
import { rooms } from "@/lib/realtime/events";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo";
import { databaseKinds } from "../support/test-db";
import { client, connected, eventually, refused, sleep, startRealtime, TEST_ORIGIN, type TestClient } from "../support/realtime-harness";
import { signIn, type TestSession } from "../support/sessions";
import { catchUpClient } from "../support/catch-up-client";
import { ACME, GLOBEX, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { REDIS_URL } from "../support/services";

/**
 * Issue 9's attacks, each as the attacker ran it. A reconnect never carries
 * anything from an earlier session: not its rooms, not its buffered packets.
 */

const EVENT = 2; // socket.io-parser PacketType.EVENT

/** Every packet the client's manager decodes, before any handler: what is on the wire. */
function wire(c: TestClient): Packet[] {
  const packets: Packet[] = [];
  c.socket.io.on("packet", (p: Packet) => packets.push(p));
  return packets;
}

const eventTexts = (packets: Packet[]) =>
  packets.filter((p) => p.type === EVENT).map((p) => JSON.stringify(p.data));

async function deliver(text: string, page = ACME.facebook.pageId, from = "7900000000000091") {
  const res = await postFacebook(buildFacebookWebhook({ to: page, from, text }, FB_SECRET).body);
  expect(res.status).toBe(200);
}

/** A user in two accounts (Acme first, so signing in lands in Acme). */
async function twoAccountUser(email: string): Promise<string> {
  const user = await systemDb().user.create({ data: { email, name: "Dave", passwordHash: await hashPassword(DEMO_PASSWORD) } });
  await systemDb().membership.create({ data: { accountId: ACME.id, userId: user.id, role: "agent", createdAt: new Date(Date.now() - 1000) } });
  await systemDb().membership.create({ data: { accountId: GLOBEX.id, userId: user.id, role: "agent" } });
  return user.id;
}

function cutTransport(io: InboxServer, userId: string) {
  for (const s of io.sockets.sockets.values()) if (s.data.userId === userId) s.conn.close();
}

function roomsOf(io: InboxServer, userId: string): string[] {
  return [...io.sockets.sockets.values()].filter((s) => s.data.userId === userId).flatMap((s) => [...s.rooms]);
}

/** The pid/offset an old client would send to resume; the server hands none out, so a guess stands in. */
function recoveryAuth(c: TestClient): { pid: string; offset: string } {
  const s = c.socket as unknown as { _pid?: string; _lastOffset?: string };
  return { pid: s._pid ?? "a-recovery-pid-guess", offset: s._lastOffset ?? "0-0" };
}

describe.each(databaseKinds())("Sealed real time on %s", (kind) => {
  const w = useWorld(kind);

  test("1. a removed member reconnecting with no cookie, only the old pid/offset, gets no frame and is refused", async () => {
    const carol = await signIn("carol@acme.test");
    const c = client(w.realtimeUrl, { cookie: carol.cookie, origin: TEST_ORIGIN, reconnection: true });
    const packets = wire(c);
    await connected(c);
    await deliver("before the drop");
    await eventually(() => eventTexts(packets).some((t) => t.includes("before the drop")), 2000, "first event");
    const auth = recoveryAuth(c);
    c.socket.io.reconnection(false);
    cutTransport(getIo()!, carol.userId);
    await eventually(() => !c.socket.connected, 1000, "down");
    await removeMembership(ACME.id, carol.userId);
    for (const n of [1, 2, 3]) await deliver(`secret ${n}`);
    packets.length = 0;
    c.socket.io.opts.extraHeaders = { origin: TEST_ORIGIN }; // no cookie
    c.socket.auth = auth;
    const refusal = refused(c);
    c.socket.connect();
    expect(await refusal).toBe("unauthorized");
    await sleep(200);
    expect(eventTexts(packets)).toEqual([]);
    expect(JSON.stringify(packets)).not.toContain("secret");
    // The server offers no recovery session at all.
    expect((c.socket as unknown as { _pid?: string })._pid).toBeUndefined();
    c.close();
    await systemDb().membership.create({ data: { accountId: ACME.id, userId: carol.userId, role: "agent" } });
  });

  test("2. a socket reconnecting under another account's session sits in that account's rooms only", async () => {
    const userId = await twoAccountUser(`dave-${kind}@sealed.test`);
    const acme = await signIn(`dave-${kind}@sealed.test`);
    expect(acme.accountId).toBe(ACME.id);
    const c = client(w.realtimeUrl, { cookie: acme.cookie, origin: TEST_ORIGIN, reconnection: true });
    const packets = wire(c);
    await connected(c);
    expect(roomsOf(getIo()!, userId)).toContain(rooms.account(ACME.id));
    await deliver("acme while dave is here"); // gives an old client an offset to resume from
    await eventually(() => eventTexts(packets).some((t) => t.includes("acme while dave is here")), 2000, "first event");
    const auth = recoveryAuth(c);
    c.socket.io.reconnection(false);
    cutTransport(getIo()!, userId);
    await eventually(() => !c.socket.connected, 1000, "down");
    await removeMembership(ACME.id, userId);
    await deliver("acme while dave was away");
    const globex = await signIn(`dave-${kind}@sealed.test`);
    expect(globex.accountId).toBe(GLOBEX.id);
    packets.length = 0;
    c.socket.io.opts.extraHeaders = { origin: TEST_ORIGIN, cookie: globex.cookie };
    c.socket.auth = auth;
    c.socket.connect();
    await eventually(() => c.socket.connected, 2000, "reconnected as Globex");
    const now = roomsOf(getIo()!, userId);
    expect(now).toContain(rooms.account(GLOBEX.id));
    expect(now).not.toContain(rooms.account(ACME.id));
    expect(now.filter((r) => r.includes(ACME.id))).toEqual([]);
    await deliver("acme later");
    await deliver("globex later", GLOBEX.facebook.pageId);
    await eventually(() => eventTexts(packets).some((t) => t.includes("globex later")), 2000, "globex event");
    expect(eventTexts(packets).filter((t) => t.includes("acme"))).toEqual([]);
    c.close();
  });

  test("3. nothing is lost across many reconnects: 300 answered webhooks, every one seen live or caught up", async () => {
    const alice = await signIn("alice@acme.test");
    const c = await catchUpClient(w.realtimeUrl, alice.cookie, { reconnection: true });
    await connected(c);
    const ids: string[] = [];
    let cuts = 0;
    for (let i = 0; i < 300; i++) {
      if (i % 10 === 5) {
        // Each cut is a real reconnect: wait for the previous one to come back first.
        await eventually(() => c.socket.connected, 3000, "reconnected");
        cutTransport(getIo()!, alice.userId);
        await eventually(() => !c.socket.connected, 1000, "the client saw the drop");
        cuts++;
      }
      const mid = `sealed-${kind}-${i}`;
      const res = await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: `79000000001${i % 7}`, text: `n ${i}`, mid }, FB_SECRET).body);
      expect(res.status).toBe(200);
      ids.push((await systemDb().message.findFirstOrThrow({ where: { externalId: mid }, select: { id: true } })).id);
      // In-process PGlite answers without I/O: let the sockets breathe, as a real server's HTTP would.
      await new Promise((r) => setImmediate(r));
    }
    await eventually(() => c.socket.connected, 3000, "connected at the end");
    await c.catchUp();
    const missing = ids.filter((id) => !c.seen.messageIds.has(id));
    const missedLive = ids.filter((id) => !c.seen.liveMessageIds.has(id)).length;
    console.log(JSON.stringify({ test: "reconnect catch-up", kind, webhooks: ids.length, cuts, missedLive, catchUps: c.catchUps, missing: missing.length }));
    expect(missing).toEqual([]);
    expect(cuts).toBe(30);
    expect(c.catchUps).toBeGreaterThanOrEqual(30); // one per reconnect (and the final one)
    c.close();
  }, 120_000);

  test("3b. a change committed but never announced is filled in while connected, once a later one shows the gap", async () => {
    const alice = await signIn("alice@acme.test");
    const c = await catchUpClient(w.realtimeUrl, alice.cookie);
    await connected(c);
    await eventually(() => c.catchUps >= 1, 2000, "catch-up after connect");
    const integration = await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "facebook" } });
    // As if the node died between commit and emit (or a Redis packet was lost).
    const silent = await recordIncoming({
      integration,
      events: [
        { kind: "message", contactExternalId: "7900000000000555", externalId: `silent-${kind}`, direction: "inbound", text: "never announced", attachments: [], timestamp: new Date() },
      ],
      fallbackName: () => "Someone",
    });
    await deliver("announced after");
    await eventually(() => c.tracker.gapAge() > 0, 2000, "gap noticed");
    expect(c.seen.messageIds.has(silent.newMessageIds[0]!)).toBe(false);
    await c.catchUp(); // what the UI does once the gap is GAP_MS old
    expect(c.seen.messageIds.has(silent.newMessageIds[0]!)).toBe(true);
    expect(c.tracker.gapAge()).toBe(0);
    c.close();
  });

  test("4. a socket ends with its session: cut at expiresAt, and the re-check cuts what a lost broadcast left", async () => {
    const carol = await signIn("carol@acme.test");
    const expiresAt = new Date(Date.now() + 1500);
    await systemDb().authSession.update({ where: { id: carol.sessionId }, data: { expiresAt } });
    const c = client(w.realtimeUrl, { cookie: carol.cookie, origin: TEST_ORIGIN });
    const packets = wire(c);
    await connected(c);
    await eventually(() => !c.socket.connected, 2500, "cut at expiry");
    expect(Date.now() - expiresAt.getTime()).toBeLessThan(1000);
    await deliver("after expiry");
    expect((await call(listConversations, { path: "/api/conversations", cookie: carol.cookie })).status).toBe(401);
    await sleep(150);
    expect(eventTexts(packets).filter((t) => t.includes("after expiry"))).toEqual([]);
    c.close();

    // Revoked and removed behind the broadcast's back: the periodic re-check still cuts them.
    const revoked = await signIn("carol@acme.test");
    const removed = await signIn("alice@acme.test");
    const [r1, r2, keep] = [client(w.realtimeUrl, { cookie: revoked.cookie, origin: TEST_ORIGIN }), client(w.realtimeUrl, { cookie: removed.cookie, origin: TEST_ORIGIN }), await w.socketFor(w.bob)];
    await Promise.all([connected(r1), connected(r2)]);
    await systemDb().authSession.update({ where: { id: revoked.sessionId }, data: { revokedAt: new Date() } });
    await systemDb().authSession.update({ where: { id: removed.sessionId }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await recheckSessions(getIo()!)).toBeGreaterThanOrEqual(2);
    await eventually(() => !r1.socket.connected && !r2.socket.connected, 1000, "re-check cut both");
    expect(keep.socket.connected).toBe(true);
    r1.close();
    r2.close();
  });

  test("catch-up is the caller's account only: another account's inbox ids and rows never come back", async () => {
    const acmeInboxes = await systemDb().integration.findMany({ where: { accountId: ACME.id }, select: { id: true } });
    await deliver("acme for the catch-up");
    const since = acmeInboxes.map((i) => `${i.id}:0`).join(",");
    const res = await call(changesRoute, { path: `/api/changes?since=${since}`, cookie: w.bob.cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { inboxes: Record<string, number>; conversations: { id: string }[]; messages: { id: string }[] };
    const globexInboxes = (await systemDb().integration.findMany({ where: { accountId: GLOBEX.id }, select: { id: true } })).map((i) => i.id);
    expect(Object.keys(body.inboxes).sort()).toEqual(globexInboxes.sort());
    const acmeConversations = new Set((await systemDb().conversation.findMany({ where: { accountId: ACME.id }, select: { id: true } })).map((c) => c.id));
    expect(body.conversations.filter((c) => acmeConversations.has(c.id))).toEqual([]);
    const acmeMessages = await systemDb().message.count({ where: { accountId: ACME.id, id: { in: body.messages.map((m) => m.id) } } });
    expect(acmeMessages).toBe(0);
    // Alice, from 0, sees her own account's changes.
    const mine = (await (await call(changesRoute, { path: `/api/changes?since=${since}`, cookie: w.alice.cookie })).json()) as { messages: { text: string }[] };
    expect(mine.messages.map((m) => m.text)).toContain("acme for the catch-up");
    expect((await call(changesRoute, { path: "/api/changes" })).status).toBe(401);
    for (const bad of ["x:abc", "x%00:1", "a:1:2", "a:-1"]) {
      expect((await call(changesRoute, { path: `/api/changes?since=${bad}`, cookie: w.alice.cookie })).status).toBe(400);
    }
  });
});

const multiNode = inject("postgresAvailable") && inject("redisAvailable");

describe.skipIf(!multiNode)("Sealed real time across two nodes (PostgreSQL + Redis)", () => {
  const w = useWorld("postgres");
  let nodes: { url: string; io: InboxServer }[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    const main = getIo();
    const r1 = await createRedisAdapter(REDIS_URL);
    const r2 = await createRedisAdapter(REDIS_URL);
    const n1 = await startRealtime(r1.adapter);
    const n2 = await startRealtime(r2.adapter);
    nodes = [n1, n2];
    cleanups.push(() => n2.stop(), () => n1.stop(), () => r1.close(), () => r2.close(), () => setIo(main));
  });
  afterAll(async () => {
    for (const fn of cleanups) await fn();
  });

  async function attempt(session: TestSession | null, auth: { pid: string; offset: string }, node: { url: string }) {
    const c = client(node.url, { ...(session ? { cookie: session.cookie } : {}), origin: TEST_ORIGIN });
    c.socket.auth = auth;
    const packets = wire(c);
    return { c, packets };
  }

  test("a session persisted on node 1 and resumed on node 2: no cookie, revoked, removed or another account's cookie", async () => {
    const userId = await twoAccountUser("dave-multi@sealed.test");
    const acme = await signIn("dave-multi@sealed.test");
    const first = client(nodes[0]!.url, { cookie: acme.cookie, origin: TEST_ORIGIN });
    const seen = wire(first);
    await connected(first);
    setIo(nodes[0]!.io);
    await deliver("acme before the drop, node 1");
    await eventually(() => eventTexts(seen).some((t) => t.includes("before the drop")), 3000, "first event");
    const auth = recoveryAuth(first);
    cutTransport(nodes[0]!.io, userId); // a drop, not a sign-out: an old server would keep the session
    await eventually(() => !first.socket.connected, 1000, "down");
    first.close();
    await removeMembership(ACME.id, userId);
    setIo(nodes[0]!.io);
    await deliver("acme secret across nodes");

    const globex = await signIn("dave-multi@sealed.test");
    const other = await attempt(globex, auth, nodes[1]!);
    const none = await attempt(null, auth, nodes[1]!);
    expect(await refused(none.c)).toBe("unauthorized");
    const removed = await attempt(acme, auth, nodes[1]!);
    expect(await refused(removed.c)).toBe("unauthorized");
    await connected(other.c);
    expect(roomsOf(nodes[1]!.io, userId).filter((r) => r.includes(ACME.id))).toEqual([]);
    setIo(nodes[0]!.io);
    await deliver("acme after, from node 1");
    await deliver("globex after, from node 1", GLOBEX.facebook.pageId);
    await eventually(() => eventTexts(other.packets).some((t) => t.includes("globex after")), 3000, "globex across nodes");
    for (const p of [none.packets, removed.packets, other.packets]) expect(eventTexts(p).filter((t) => t.includes("acme"))).toEqual([]);
    for (const x of [none, removed, other]) x.c.close();
    expect(w.kind).toBe("postgres");
  });
});
