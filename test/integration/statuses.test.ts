import { describe, expect, test } from "vitest";
import { GET as listConversations } from "@/app/api/conversations/route";
import { GET as listMessages } from "@/app/api/conversations/[id]/messages/route";
import { POST as setStatus } from "@/app/api/conversations/[id]/status/route";
import { GET as changes } from "@/app/api/changes/route";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import { sweepSnoozed } from "@/lib/inbox/wake-snoozed";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { ACME, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";

type List = { conversations: ConversationDto[]; nextCursor: string | null };

async function inbound(from: string, text: string) {
  const res = await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text }, FB_SECRET).body);
  expect(res.status).toBe(200);
  await settleBackground();
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe.each(databaseKinds())("Statuses on %s", (kind) => {
  const w = useWorld(kind);
  const set = (id: string, body: object, cookie = w.alice.cookie) => call(setStatus, { path: `/api/conversations/${id}/status`, body, cookie, params: { id } });
  const conversationOf = async (from: string) => systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
  const ids = async (status: string, cookie = w.alice.cookie) =>
    ((await (await call(listConversations, { path: `/api/conversations?status=${status}`, cookie })).json()) as List).conversations.map((c) => c.id);
  const lines = async (id: string) =>
    ((await (await call(listMessages, { path: `/api/conversations/${id}/messages`, cookie: w.alice.cookie, params: { id } })).json()) as { messages: MessageDto[] }).messages
      .filter((m) => m.kind === "system")
      .map((m) => m.text);

  test("open → pending → snoozed → resolved → open: each in its own view, with a line saying who did it, live for Acme only", async () => {
    await inbound("7810000000000001", "hello");
    const c = await conversationOf("7810000000000001");
    const [carol, bob] = [await w.socketFor(w.carol), await w.socketFor(w.bob)];
    expect((await set(c.id, { status: "pending" })).status).toBe(200);
    expect(await ids("pending")).toContain(c.id);
    expect(await ids("open")).not.toContain(c.id);
    const until = inAnHour();
    expect((await set(c.id, { status: "snoozed", snoozedUntil: until })).status).toBe(200);
    const snoozed = await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(snoozed.status).toBe("snoozed");
    expect(snoozed.snoozedUntil?.toISOString()).toBe(until);
    const listed = ((await (await call(listConversations, { path: "/api/conversations?status=snoozed", cookie: w.alice.cookie })).json()) as List).conversations.find((x) => x.id === c.id);
    expect(listed?.snoozedUntil).toBe(until);
    await eventually(
      () => carol.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.snoozedUntil === until),
      2000,
      "carol sees the snooze",
    );
    expect((await set(c.id, { status: "resolved" })).status).toBe(200);
    const resolved = await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(resolved).toMatchObject({ status: "resolved", snoozedUntil: null });
    expect((await set(c.id, { status: "open" })).status).toBe(200);
    const texts = await lines(c.id);
    expect(texts).toEqual(expect.arrayContaining(["Alice Nguyen marked this pending", "Alice Nguyen resolved this", "Alice Nguyen reopened this"]));
    expect(texts.some((t) => t.startsWith("Alice Nguyen snoozed this until "))).toBe(true);
    const line = (await systemDb().message.findFirstOrThrow({ where: { conversationId: c.id, kind: "system", text: "Alice Nguyen marked this pending" } }));
    expect(line.senderUserId).toBe(w.alice.userId);
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("bad input is a 400 and changes nothing; another account's conversation is a 404", async () => {
    await inbound("7810000000000002", "hi");
    const c = await conversationOf("7810000000000002");
    const bad: object[] = [
      { status: "closed" },
      { status: "snoozed" },
      { status: "snoozed", snoozedUntil: new Date(Date.now() - 60_000).toISOString() },
      { status: "snoozed", snoozedUntil: new Date(Date.now() + 400 * 86400_000).toISOString() },
      { status: "snoozed", snoozedUntil: "tomorrow" },
      { status: "open", snoozedUntil: inAnHour() },
      { status: "resolved", snoozedUntil: "2027-01-01T00:00:00Z" },
      { status: "snoozed", snoozedUntil: 1893456000000 },
    ];
    for (const body of bad) {
      const res = await set(c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
    expect(await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "open", snoozedUntil: null });
    expect((await set(c.id, { status: "snoozed", snoozedUntil: inAnHour() }, w.bob.cookie)).status).toBe(404);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("open");
    expect(await lines(c.id)).toEqual([]);
  });

  test("the customer's message wakes a snoozed conversation (with a line) and opens a pending one; the same status twice spends nothing", async () => {
    await inbound("7810000000000003", "one");
    const c = await conversationOf("7810000000000003");
    expect((await set(c.id, { status: "snoozed", snoozedUntil: inAnHour() })).status).toBe(200);
    const carol = await w.socketFor(w.carol);
    await inbound("7810000000000003", "are you there?");
    expect(await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "open", snoozedUntil: null });
    expect(await lines(c.id)).toContain("Woke up: the customer wrote");
    await eventually(
      () => carol.events.some((e) => e.event === "new-message" && (e.payload as { message: MessageDto }).message.text === "Woke up: the customer wrote"),
      2000,
      "carol sees why it woke",
    );
    expect((await set(c.id, { status: "pending" })).status).toBe(200);
    const before = (await systemDb().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).changeSeq;
    expect((await set(c.id, { status: "pending" })).status).toBe(200);
    expect((await systemDb().integration.findUniqueOrThrow({ where: { id: c.integrationId } })).changeSeq).toBe(before);
    await inbound("7810000000000003", "answer");
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("open");
    // Only a snooze says it woke up.
    expect((await lines(c.id)).filter((t) => t.startsWith("Woke up"))).toHaveLength(1);
  });

  test("the sweep wakes due snoozes once, even with two sweepers at once; catch-up carries it", async () => {
    await inbound("7810000000000004", "a");
    await inbound("7810000000000005", "b");
    const [due, later] = [await conversationOf("7810000000000004"), await conversationOf("7810000000000005")];
    for (const c of [due, later]) expect((await set(c.id, { status: "snoozed", snoozedUntil: inAnHour() })).status).toBe(200);
    // Due now: as if its hour had passed.
    await systemDb().conversation.update({ where: { id: due.id }, data: { snoozedUntil: new Date(Date.now() - 1000) } });
    const since = (await systemDb().integration.findUniqueOrThrow({ where: { id: due.integrationId } })).changeSeq;
    const carol = await w.socketFor(w.carol);
    const woken = await Promise.all([sweepSnoozed(), sweepSnoozed(), sweepSnoozed()]);
    expect(woken.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await systemDb().conversation.findUniqueOrThrow({ where: { id: due.id } })).toMatchObject({ status: "open", snoozedUntil: null });
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("snoozed");
    expect((await lines(due.id)).filter((t) => t === "Woke up: the snooze ended")).toHaveLength(1);
    await eventually(
      () => carol.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.id === due.id && (e.payload as { conversation: ConversationDto }).conversation.status === "open"),
      2000,
      "carol sees it wake",
    );
    expect(await sweepSnoozed()).toBe(0);
    const caught = (await (await call(changes, { path: `/api/changes?since=${encodeURIComponent(`${due.integrationId}:${since}`)}`, cookie: w.alice.cookie })).json()) as { conversations: ConversationDto[] };
    expect(caught.conversations.find((x) => x.id === due.id)?.status).toBe("open");
  });
});
