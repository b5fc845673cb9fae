import { describe, expect, test } from "vitest";
import { POST as addNote } from "@/app/api/conversations/[id]/notes/route";
import { systemDb } from "@/lib/db";
import type { MessageDto } from "@/lib/inbox/dto";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { ACME, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";

describe.each(databaseKinds())("Private notes on %s", (kind) => {
  const w = useWorld(kind);
  const note = (id: string, text: unknown, cookie: string) => call(addNote, { path: `/api/conversations/${id}/notes`, body: { text }, cookie, params: { id } });

  test("a note is stored for the account's agents, live, and never reaches the platform", async () => {
    const from = "7800000000000301";
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "where is my order?" }, FB_SECRET).body)).status).toBe(200);
    const c = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
    const [carol, bob] = [await w.socketFor(w.carol), await w.socketFor(w.bob)];
    const sendsBefore = w.platform.calls.length;
    const res = await note(c.id, "Customer is VIP, check stock first @Carol", w.alice.cookie);
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: MessageDto };
    expect(message).toMatchObject({ kind: "note", direction: "outbound", text: "Customer is VIP, check stock first @Carol", senderUserId: w.alice.userId, externalId: null });
    await eventually(() => carol.events.some((e) => e.event === "new-message" && (e.payload as { message: MessageDto }).message.kind === "note"), 2000, "carol sees the note");
    await sleep(150);
    expect(bob.events).toEqual([]);
    // Nothing went to Graph or Zalo, and the customer-facing preview did not move.
    expect(w.platform.calls.slice(sendsBefore).filter((x) => x.method === "POST")).toEqual([]);
    const after = await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(after.lastMessagePreview).toBe("where is my order?");
  });

  test("a delivery or read receipt never touches a note", async () => {
    const from = "7800000000000302";
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "hi" }, FB_SECRET).body)).status).toBe(200);
    const c = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
    const { message } = (await (await note(c.id, "internal only", w.alice.cookie)).json()) as { message: MessageDto };
    const read = JSON.stringify({
      object: "page",
      entry: [{ id: ACME.facebook.pageId, time: Date.now(), messaging: [{ sender: { id: from }, recipient: { id: ACME.facebook.pageId }, timestamp: Date.now(), read: { watermark: Date.now() + 1000 } }] }],
    });
    expect((await postFacebook(read)).status).toBe(200);
    expect((await systemDb().message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("sent");
  });

  test("another account's conversation is a 404; an empty or NUL-only note a 400; nothing stored", async () => {
    const c = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id } });
    const before = await systemDb().message.count({ where: { kind: "note" } });
    expect((await note(c.id, "from Globex", w.bob.cookie)).status).toBe(404);
    expect((await note(c.id, "   ", w.alice.cookie)).status).toBe(400);
    expect((await note(c.id, "\u0000\u0000", w.alice.cookie)).status).toBe(400);
    expect((await note(c.id, "x".repeat(5001), w.alice.cookie)).status).toBe(400);
    expect((await note(c.id, 42, w.alice.cookie)).status).toBe(400);
    expect(await systemDb().message.count({ where: { kind: "note" } })).toBe(before);
  });
});
