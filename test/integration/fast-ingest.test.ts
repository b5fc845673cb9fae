import { describe, expect, test } from "vitest";
import { systemDb } from "@/lib/db";
import type { IncomingEvent } from "@/lib/channels/types";
import { recordIncoming } from "@/lib/inbox/record-incoming";
import { recordFast, type InboundMessage } from "@/lib/inbox/fast-ingest";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { ACME, GLOBEX, useWorld } from "../support/world";

// Issue 14, points 2 and 3: customers' messages go through one group-committed statement
// (inbox_ingest) instead of recordIncoming's Prisma transaction. It must store exactly what the
// slow path stores, keep its guarantees, and be bounded by row-level security like any query.
describe.each(databaseKinds())("The webhook fast path on %s", (kind) => {
  const w = useWorld(kind);
  const integrationOf = async (pageId: string) => {
    const row = await systemDb().integration.findFirstOrThrow({ where: { externalId: pageId } });
    return { id: row.id, accountId: row.accountId };
  };
  const fallbackName = (id: string) => `Customer ${id.slice(-4)}`;
  let n = 0;
  const msg = (from: string, text: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
    kind: "message",
    direction: "inbound",
    contactExternalId: from,
    externalId: `m_fast_${kind}_${++n}`,
    text,
    attachments: [],
    timestamp: new Date(Date.now() - 60_000 + n),
    ...extra,
  });

  /** What a test compares between the two paths: every column but ids and the platform ids' prefixes. */
  const snapshot = async (contactExternalId: string) => {
    const contact = await systemDb().contact.findFirstOrThrow({ where: { externalId: contactExternalId }, include: { conversation: true } });
    const messages = await systemDb().message.findMany({ where: { conversationId: contact.conversation!.id }, include: { attachments: { orderBy: { type: "asc" } } }, orderBy: [{ createdAt: "asc" }, { kind: "asc" }] });
    const { id: _c, externalId: _e, createdAt: _t, ...contactRest } = contact;
    const { id: _v, contactId: _ci, createdAt: _vt, seq: _vs, ...conversation } = contact.conversation!;
    return {
      contact: { ...contactRest, conversation: undefined },
      conversation,
      messages: messages.map(({ id: _i, conversationId: _mc, externalId, replyToExternalId, replyToId, seq: _s, attachments, ...m }) => ({
        ...m,
        externalId: externalId?.replace(/^m_(slow|fast)_/, ""),
        replyToExternalId: replyToExternalId?.replace(/^m_(slow|fast)_/, ""),
        repliesToStored: replyToId !== null,
        attachments: attachments.map(({ id: _a, messageId: _am, nextFetchAt, ...a }) => ({ ...a, due: nextFetchAt !== null })),
      })),
    };
  };

  test("stores what recordIncoming stores: contact, conversation, message, attachments, reply link, payload, preview order, unread", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const t = Date.now() - 120_000;
    const script = (who: "slow" | "fast", contact: string): InboundMessage[] => [
      msg(contact, "first", { externalId: `m_${who}_${kind}_1`, timestamp: new Date(t) }),
      msg(contact, "", {
        externalId: `m_${who}_${kind}_2`,
        timestamp: new Date(t + 1000),
        attachments: [
          { type: "image", url: "https://scontent.xx.fbcdn.net/v/photo.jpg", name: null },
          { type: "location", url: null, name: "Pin", payload: { latitude: 10.7, longitude: 106.6 } },
          { type: "image", url: "http://10.0.0.1/private.png", name: null },
        ],
      }),
      msg(contact, "answering you", { externalId: `m_${who}_${kind}_3`, timestamp: new Date(t + 2000), replyToExternalId: `m_${who}_${kind}_1`, payload: "QR_YES" }),
      // Delivered late: counted, stored, but the preview stays the newer message's.
      msg(contact, "older, late", { externalId: `m_${who}_${kind}_4`, timestamp: new Date(t + 500) }),
    ];
    for (const e of script("slow", "9100000000000001")) await recordIncoming({ integration, events: [e], fallbackName });
    for (const e of script("fast", "9100000000000002")) await recordFast({ integration, events: [e], fallbackName });
    await settleBackground();
    const slow = await snapshot("9100000000000001");
    const fast = await snapshot("9100000000000002");
    expect(fast.messages).toHaveLength(4);
    expect(fast.conversation.lastMessagePreview).toBe("answering you");
    expect(fast.conversation.inboundCount).toBe(4);
    expect({ ...fast, contact: { ...fast.contact, name: "", profileFetchedAt: null, avatarUrl: null } }).toEqual({ ...slow, contact: { ...slow.contact, name: "", profileFetchedAt: null, avatarUrl: null } });
  });

  test("idempotent on the platform id: a redelivery, and the same message twice in one batch, are stored once", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const once = msg("9100000000000010", "only once");
    const first = await recordFast({ integration, events: [once], fallbackName });
    const again = await recordFast({ integration, events: [once, once], fallbackName });
    expect(first.newMessageIds).toHaveLength(1);
    expect(again.newMessageIds).toEqual([]);
    expect(await systemDb().message.count({ where: { externalId: once.externalId } })).toBe(1);
    const c = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: "9100000000000010" } } });
    expect(c.inboundCount).toBe(1);
  });

  test("concurrent webhooks share commits: 40 at once take one change number, and each is answered after its commit", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const before = (await systemDb().integration.findUniqueOrThrow({ where: { id: integration.id } })).changeSeq;
    const events = Array.from({ length: 40 }, (_, i) => msg(`92000000000000${String(i).padStart(2, "0")}`, `concurrent ${i}`));
    const stored = await Promise.all(
      events.map(async (e) => {
        const r = await recordFast({ integration, events: [e], fallbackName });
        // Answered only once committed: another connection sees the row at that moment.
        return { r, seen: await systemDb().message.count({ where: { externalId: e.externalId } }) };
      }),
    );
    expect(stored.map((s) => [s.r.newMessageIds.length, s.seen])).toEqual(events.map(() => [1, 1]));
    const after = (await systemDb().integration.findUniqueOrThrow({ where: { id: integration.id } })).changeSeq;
    // All 40 were waiting when the batch started (it starts on the next turn of the event loop).
    expect(Number(after - before)).toBe(1);
  });

  test("one bad webhook in a batch fails alone: its batch-mates are stored once, it stores nothing", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const good1 = msg("9300000000000001", "good one");
    const bad = msg("9300000000000002", "nul \u0000 byte PostgreSQL refuses");
    const good2 = msg("9300000000000003", "good two");
    const settled = await Promise.allSettled([good1, bad, good2].map((e) => recordFast({ integration, events: [e], fallbackName })));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    for (const e of [good1, good2]) expect(await systemDb().message.count({ where: { externalId: e.externalId } })).toBe(1);
    expect(await systemDb().message.count({ where: { externalId: bad.externalId } })).toBe(0);
    expect(await systemDb().contact.count({ where: { externalId: "9300000000000002" } })).toBe(0);
  });

  test("row-level security bounds the statement: an item naming another account's inbox writes nothing", async () => {
    const acme = await integrationOf(ACME.facebook.pageId);
    const globex = await integrationOf(GLOBEX.facebook.pageId);
    const forged = msg("9400000000000001", "forged tenant");
    // Acme's inbox under Globex's account (a bug in the caller, not a webhook: those are resolved by page id).
    await expect(recordFast({ integration: { id: acme.id, accountId: globex.accountId }, events: [forged], fallbackName })).rejects.toThrow();
    expect(await systemDb().message.count({ where: { externalId: forged.externalId } })).toBe(0);
    expect(await systemDb().contact.count({ where: { externalId: "9400000000000001" } })).toBe(0);
    // Another account's message is invisible to the reply-to lookup inside the statement.
    const globexMsg = msg("9400000000000002", "globex says");
    await recordFast({ integration: globex, events: [globexMsg], fallbackName });
    const reply = msg("9400000000000003", "acme quoting globex", { replyToExternalId: globexMsg.externalId });
    await recordFast({ integration: acme, events: [reply], fallbackName });
    expect(await systemDb().message.findFirstOrThrow({ where: { externalId: reply.externalId } })).toMatchObject({ replyToExternalId: globexMsg.externalId, replyToId: null, accountId: ACME.id });
  });

  test("a snoozed conversation wakes with its line before the message, and the events reach Acme's agents only", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const from = "9500000000000001";
    await recordFast({ integration, events: [msg(from, "hello")], fallbackName });
    const c = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
    await systemDb().conversation.update({ where: { id: c.id }, data: { status: "snoozed", snoozedUntil: new Date(Date.now() + 3_600_000) } });
    const alice = await w.socketFor(w.alice);
    const bob = await w.socketFor(w.bob);
    const woke = await recordFast({ integration, events: [msg(from, "are you there?")], fallbackName });
    expect(woke.newMessageIds).toHaveLength(2);
    await eventually(() => alice.events.filter((e) => e.event === "new-message").length === 2 && alice.events.some((e) => e.event === "update-conversation"), 2000, "alice hears the change");
    const got = alice.events.filter((e) => e.event === "new-message" || e.event === "update-conversation").map((e) => e.payload as { message?: { text: string; kind: string }; conversation?: { status: string; snoozedUntil: string | null; unreadCount: number }; change: { seq: number; count: number } });
    expect(got.map((e) => e.message?.text ?? `conversation ${e.conversation?.status}`)).toEqual(["Woke up: the customer wrote", "are you there?", "conversation open"]);
    expect(new Set(got.map((e) => `${e.change.seq}/${e.change.count}`)).size).toBe(1);
    expect(got[0]!.change.count).toBe(3);
    expect(got[2]!.conversation).toMatchObject({ snoozedUntil: null, unreadCount: 2 });
    // The same rows as the API's own loaders build.
    const stored = await systemDb().conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(stored).toMatchObject({ status: "open", snoozedUntil: null, seq: BigInt(got[0]!.change.seq) });
    await sleep(200);
    expect(bob.events.filter((e) => e.event !== "presence")).toEqual([]);
    // And the app's client, as Acme, sees both lines through RLS.
    const lines = await asAccount(ACME.id, async () => (await import("@/lib/db")).db().message.findMany({ where: { conversationId: c.id }, select: { kind: true } }));
    expect(lines.map((l) => l.kind).sort()).toEqual(["message", "message", "system"]);
  });

  test("a batch mixing two accounts' inboxes is stored and announced per inbox", async () => {
    const acme = await integrationOf(ACME.facebook.pageId);
    const globex = await integrationOf(GLOBEX.facebook.pageId);
    const alice = await w.socketFor(w.alice);
    const bob = await w.socketFor(w.bob);
    const a = msg("9600000000000001", "for acme");
    const b = msg("9600000000000002", "for globex");
    const events: IncomingEvent[][] = [[msg("9600000000000003", "first, alone")], [a], [b]];
    await Promise.all(events.map((e, i) => recordFast({ integration: i === 2 ? globex : acme, events: e as InboundMessage[], fallbackName })));
    const texts = (c: typeof alice) => c.events.filter((e) => e.event === "new-message").map((e) => (e.payload as { message: { text: string } }).message.text);
    await eventually(() => texts(alice).length === 2 && texts(bob).length === 1, 2000, "both accounts hear their own");
    await sleep(150);
    expect(texts(alice).sort()).toEqual(["first, alone", "for acme"]);
    expect(texts(bob)).toEqual(["for globex"]);
  });
});
