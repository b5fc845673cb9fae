import { describe, expect, test } from "vitest";
import type { Socket } from "socket.io-client";
import { systemDb } from "@/lib/db";
import type { ClientToServerEvents, Presence } from "@/lib/shared/events";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep, type TestClient } from "../support/realtime-harness";
import { ACME, GLOBEX, useWorld } from "../support/world";

const say = (c: TestClient, payload: unknown) => (c.socket as unknown as Socket<Record<string, never>, ClientToServerEvents>).emit("presence", payload as never);
const presences = (c: TestClient) => c.events.filter((e) => e.event === "presence").map((e) => e.payload as Presence);

describe.each(databaseKinds())("Presence on %s", (kind) => {
  const w = useWorld(kind);

  test("Alice opens and types in a conversation: Carol is told (name, state), Bob nothing; a closed tab leaves", async () => {
    const c = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id } });
    const [alice, carol, bob] = [await w.socketFor(w.alice), await w.socketFor(w.carol), await w.socketFor(w.bob)];
    say(alice, { conversationId: c.id, typing: false });
    await eventually(() => presences(carol).some((p) => p.conversationId === c.id && p.state === "viewing" && p.name === "Alice Nguyen"), 2000, "viewing");
    say(alice, { conversationId: c.id, typing: true });
    await eventually(() => presences(carol).some((p) => p.state === "typing" && p.userId === w.alice.userId), 2000, "typing");
    alice.close();
    await eventually(() => presences(carol).some((p) => p.state === "left" && p.conversationId === c.id), 2000, "left on close");
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("another account's conversation id, or malformed input, is ignored: nobody hears of it", async () => {
    const globexConversation = await systemDb().conversation.findFirstOrThrow({ where: { accountId: GLOBEX.id } });
    const [alice, carol, bob] = [await w.socketFor(w.alice), await w.socketFor(w.carol), await w.socketFor(w.bob)];
    say(alice, { conversationId: globexConversation.id, typing: true });
    for (const bad of [null, "x", { conversationId: 5, typing: true }, { conversationId: "a\u0000b", typing: false }, { conversationId: "x".repeat(500), typing: false }, { typing: "yes" }])
      say(alice, bad);
    await sleep(300);
    expect(presences(carol)).toEqual([]);
    expect(presences(bob)).toEqual([]);
    expect(alice.socket.connected).toBe(true);
  });

  test("moving to another conversation leaves the first; a flood of presence cuts the socket", async () => {
    const [c1, c2] = await systemDb().conversation.findMany({ where: { accountId: ACME.id }, take: 2, orderBy: { id: "asc" } });
    const [alice, carol] = [await w.socketFor(w.alice), await w.socketFor(w.carol)];
    say(alice, { conversationId: c1!.id, typing: false });
    say(alice, { conversationId: c2!.id, typing: false });
    await eventually(() => presences(carol).some((p) => p.conversationId === c1!.id && p.state === "left") && presences(carol).some((p) => p.conversationId === c2!.id && p.state === "viewing"), 2000, "moved");
    for (let i = 0; i < 60; i++) say(alice, { conversationId: c2!.id, typing: true });
    await eventually(() => !alice.socket.connected, 2000, "flood cut");
  });
});
