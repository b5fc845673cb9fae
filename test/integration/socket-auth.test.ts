import { describe, expect, test } from "vitest";
import { revokeSession, removeMembership } from "@/lib/auth/revoke-session";
import { systemDb } from "@/lib/db";
import { toAccount, toInbox } from "@/lib/realtime/to-account";
import { databaseKinds } from "../support/test-db";
import { client, connected, eventually, refused, sleep, TEST_ORIGIN } from "../support/realtime-harness";
import { forgedCookie, signIn } from "../support/sessions";
import { ACME, useWorld } from "../support/world";

describe.each(databaseKinds())("Socket handshake on %s", (kind) => {
  const w = useWorld(kind);

  test.each(["websocket", "polling"] as const)("no session or a forged one is refused with 'unauthorized' (%s)", async (transport) => {
    const none = client(w.realtimeUrl, { origin: TEST_ORIGIN, transports: [transport] });
    expect(await refused(none)).toBe("unauthorized");
    const forged = client(w.realtimeUrl, { cookie: await forgedCookie(ACME.id), origin: TEST_ORIGIN, transports: [transport] });
    expect(await refused(forged)).toBe("unauthorized");
    none.close();
    forged.close();
  });

  test.each(["websocket", "polling"] as const)("a foreign Origin is refused even with a valid session (%s)", async (transport) => {
    const evil = client(w.realtimeUrl, { cookie: w.alice.cookie, origin: "https://evil.example", transports: [transport] });
    const message = await refused(evil);
    expect(message).not.toBe("");
    evil.close();
    const ok = client(w.realtimeUrl, { cookie: w.alice.cookie, origin: TEST_ORIGIN, transports: [transport] });
    await connected(ok);
    ok.close();
  });

  test("rooms come from the session: an Acme socket hears Acme, never Globex", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    toInbox(ACME.id, "probe").emit("update-conversation", { conversation: { id: "probe" } as never, change: { inboxId: "probe", seq: 1, count: 1 } });
    await eventually(() => alice.events.length === 1, 1000, "alice gets the probe");
    await sleep(100);
    expect(bob.events).toEqual([]);
    expect(() => toAccount("")).toThrow();
  });

  test("signing out disconnects that session's sockets within a second and refuses it afterwards", async () => {
    const session = await signIn("carol@acme.test");
    const other = await signIn("carol@acme.test");
    const tab1 = await w.socketFor(session);
    const tab2 = await w.socketFor(session);
    const otherDevice = await w.socketFor(other);
    const started = Date.now();
    await revokeSession(session.sessionId);
    await eventually(() => !tab1.socket.connected && !tab2.socket.connected, 1000, "sockets cut");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(otherDevice.socket.connected).toBe(true);
    const again = client(w.realtimeUrl, { cookie: session.cookie, origin: TEST_ORIGIN });
    expect(await refused(again)).toBe("unauthorized");
    again.close();
  });

  test("removing a member from the account cuts their sockets and refuses them", async () => {
    const session = await signIn("carol@acme.test");
    const socket = await w.socketFor(session);
    const alice = await w.socketFor(w.alice);
    await removeMembership(ACME.id, session.userId);
    await eventually(() => !socket.socket.connected, 1000, "carol cut");
    expect(alice.socket.connected).toBe(true);
    toInbox(ACME.id, "probe").emit("update-conversation", { conversation: { id: "after-removal" } as never, change: { inboxId: "probe", seq: 1, count: 1 } });
    await eventually(() => alice.events.length === 1, 1000, "alice still hears");
    expect(socket.events).toEqual([]);
    const back = client(w.realtimeUrl, { cookie: session.cookie, origin: TEST_ORIGIN });
    expect(await refused(back)).toBe("unauthorized");
    back.close();
    await systemDb().membership.create({ data: { accountId: ACME.id, userId: session.userId, role: "agent" } });
  });

  test("a client that floods events is disconnected", async () => {
    const alice = await w.socketFor(w.alice);
    // Over the 40 client events per 10 s a tab may send (presence is all it sends).
    for (let i = 0; i < 60; i++) (alice.socket as unknown as { emit: (e: string) => void }).emit("spam");
    await eventually(() => !alice.socket.connected, 2000, "flooder cut");
  });
});
