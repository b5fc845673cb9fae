import { describe, expect, test } from "vitest";
import { DELETE as removeMember } from "@/app/api/account/members/[userId]/route";
import { GET as listConversations } from "@/app/api/conversations/route";
import { systemDb } from "@/lib/db";
import { revokeSession } from "@/lib/auth/revoke-session";
import { getIo } from "@/lib/realtime/io";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { databaseKinds } from "../support/test-db";
import { client, connected, eventually, sleep, TEST_ORIGIN, type TestClient } from "../support/realtime-harness";
import { signIn } from "../support/sessions";
import { ACME, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { catchUpClient } from "../support/catch-up-client";

/** Cuts the transport under a user's sockets, as a network blip would; the client then reconnects by itself. */
function cutTransport(userId: string) {
  for (const s of getIo()!.sockets.sockets.values()) if (s.data.userId === userId) s.conn.close();
}

const texts = (c: TestClient) => c.events.filter((e) => e.event === "new-message").map((e) => (e.payload as { message: { text: string } }).message.text);

describe.each(databaseKinds())("Socket lifecycle on %s", (kind) => {
  const w = useWorld(kind);

  test("messages delivered while a socket is down come back through the catch-up after it reconnects", async () => {
    const session = await signIn("alice@acme.test");
    const c = await catchUpClient(w.realtimeUrl, session.cookie, { reconnection: true });
    await connected(c);
    // The connect's own catch-up first: still in flight (a loaded machine, webhooks stored in a few ms),
    // it would count below as the reconnect's and carry nothing of what came while down.
    await eventually(() => c.catchUps >= 1, 2000, "catch-up after connect");
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7900000000000001", text: "before" }, FB_SECRET).body)).status).toBe(200);
    await eventually(() => texts(c).includes("before"), 2000, "first event");
    // Stay down until both messages are committed, then come back as the client would.
    c.socket.io.reconnection(false);
    cutTransport(session.userId);
    await eventually(() => !c.socket.connected, 1000, "socket down");
    for (const text of ["while down 1", "while down 2"]) {
      expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7900000000000001", text }, FB_SECRET).body)).status).toBe(200);
    }
    const before = c.catchUps;
    c.socket.connect();
    await eventually(() => c.socket.connected && c.catchUps > before, 3000, "reconnected and caught up");
    // Not replayed by Socket.IO (recovery is off): read from the database for the session connecting now.
    expect(c.socket.recovered).toBeFalsy();
    expect(texts(c).filter((t) => t.startsWith("while down"))).toEqual([]);
    const down = await systemDb().message.findMany({ where: { text: { startsWith: "while down" }, accountId: ACME.id }, select: { id: true } });
    expect(down.length).toBe(2);
    for (const m of down) expect(c.seen.messageIds.has(m.id)).toBe(true);
    c.close();
  });

  test("a session revoked while its socket was down is not recovered into the room", async () => {
    const session = await signIn("carol@acme.test");
    const c = client(w.realtimeUrl, { cookie: session.cookie, origin: TEST_ORIGIN, reconnection: true });
    await connected(c);
    const errors: string[] = [];
    c.socket.on("connect_error", (e) => errors.push(e.message));
    cutTransport(session.userId);
    await eventually(() => !c.socket.connected, 1000, "socket down");
    await revokeSession(session.sessionId);
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7900000000000002", text: "after revoke" }, FB_SECRET).body)).status).toBe(200);
    await eventually(() => errors.includes("unauthorized"), 3000, "refused on reconnect");
    await sleep(200);
    expect(c.socket.connected).toBe(false);
    expect(texts(c)).not.toContain("after revoke");
    c.close();
  });

  test("an admin removes an agent through the API; the agent's sockets are cut and API refused", async () => {
    const carol = await signIn("carol@acme.test");
    const socket = await w.socketFor(carol);
    const byAgent = await call(removeMember, { path: "/x", method: "DELETE", cookie: carol.cookie, params: { userId: w.alice.userId } });
    expect(byAgent.status).toBe(403);
    const byOtherAccount = await call(removeMember, { path: "/x", method: "DELETE", cookie: w.bob.cookie, params: { userId: carol.userId } });
    expect(byOtherAccount.status).toBe(404);
    expect(socket.socket.connected).toBe(true);
    const res = await call(removeMember, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { userId: carol.userId } });
    expect(res.status).toBe(200);
    await eventually(() => !socket.socket.connected, 1000, "carol cut");
    expect((await call(listConversations, { path: "/api/conversations", cookie: carol.cookie })).status).toBe(401);
    await systemDb().membership.create({ data: { accountId: ACME.id, userId: carol.userId, role: "agent" } });
  });
});
