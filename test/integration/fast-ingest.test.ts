import { describe, expect, test } from "vitest";
import { systemDb } from "@/lib/db";
import type { IncomingEvent } from "@/lib/channels/types";
import { announce } from "@/lib/inbox/announce";
import { recordIncoming, type IntegrationRef } from "@/lib/inbox/record-incoming";
import { recordFast, type FastEvent, type InboundMessage } from "@/lib/inbox/fast-ingest";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { sendReply } from "@/lib/inbox/send-reply";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { databaseKinds } from "../support/test-db";
import { captureLogs } from "../support/logs";
import { eventually, sleep, type TestClient } from "../support/realtime-harness";
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
    // The same for a customer Acme already has (the statement's one-lookup path for known customers):
    // under Globex's account the contact and conversation are not seen, so nothing is stored or bumped.
    await recordFast({ integration: acme, events: [msg("9400000000000004", "a known customer")], fallbackName });
    const known = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: "9400000000000004" } } });
    const forgedKnown = msg("9400000000000004", "forged for a known customer");
    await expect(recordFast({ integration: { id: acme.id, accountId: globex.accountId }, events: [forgedKnown], fallbackName })).rejects.toThrow();
    expect(await systemDb().message.count({ where: { externalId: forgedKnown.externalId } })).toBe(0);
    expect(await systemDb().conversation.findUniqueOrThrow({ where: { id: known.id } })).toMatchObject({ inboundCount: known.inboundCount, lastMessagePreview: known.lastMessagePreview, seq: known.seq });
    expect(await systemDb().contact.count({ where: { externalId: "9400000000000004" } })).toBe(1);
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

  // Issue 14: "Outbound echoes, deliveries and reads get their own single statements." The same
  // scripts go through recordIncoming (slow) and the fast path; rows, reports and events must match.
  type Message = Extract<IncomingEvent, { kind: "message" }>;
  const echo = (to: string, text: string, extra: Partial<Message> = {}): Message => ({
    kind: "message",
    direction: "outbound",
    contactExternalId: to,
    externalId: `m_fast_${kind}_${++n}`,
    text,
    attachments: [],
    timestamp: new Date(Date.now() - 60_000 + n),
    ...extra,
  });
  const delivery = (to: string, externalIds: string[], watermark: Date | null): FastEvent => ({ kind: "delivery", contactExternalId: to, externalIds, watermark });
  const read = (to: string, externalIds: string[] | null, watermark: Date | null): FastEvent => ({ kind: "read", contactExternalId: to, ...(externalIds ? { externalIds } : {}), watermark });
  const paths = {
    // As lib/inbox/ingest-batches.ts runs a batch the slow way.
    slow: (integration: IntegrationRef, events: IncomingEvent[]) =>
      asAccount(integration.accountId, async () => {
        const r = await recordIncoming({ integration, events, fallbackName });
        await announce({ accountId: integration.accountId, integrationId: integration.id, seq: r.seq, changes: r });
        return r;
      }),
    fast: (integration: IntegrationRef, events: FastEvent[]) => recordFast({ integration, events, fallbackName }),
  };
  type Who = keyof typeof paths;
  const changeSeqOf = async (integrationId: string) => (await systemDb().integration.findUniqueOrThrow({ where: { id: integrationId } })).changeSeq;
  /** The contact's name comes from the fallback (its id's last digits) and profiles are fetched later: not compared. */
  const comparable = (s: Awaited<ReturnType<typeof snapshot>>) => ({ ...s, contact: { ...s.contact, name: "", profileFetchedAt: null, avatarUrl: null } });

  type Heard = { message?: MessageDto; conversation?: ConversationDto; change: { seq: number; count: number } };
  const strip = (id: string | null | undefined) => (id ? id.replace(/^m_(slow|fast)_/, "") : null);
  const isChange = (e: { event: string }) => e.event === "new-message" || e.event === "update-message" || e.event === "update-conversation";
  /** What a socket heard since `from` (of change `seq` only, when given), without ids and change numbers. */
  const heardSince = (c: TestClient, from: number, seq?: number) =>
    c.events
      .slice(from)
      .filter((e) => isChange(e) && (seq === undefined || (e.payload as Heard).change.seq === seq))
      .map((e) => {
        const { message: m, conversation: v, change } = e.payload as Heard;
        return {
          event: e.event,
          count: change.count,
          ...(m
            ? {
                message: {
                  text: m.text,
                  direction: m.direction,
                  status: m.status,
                  kind: m.kind ?? "message",
                  externalId: strip(m.externalId),
                  createdAt: m.createdAt,
                  attachments: m.attachments.map((a) => a.type),
                  replyTo: m.replyTo ? { stored: m.replyTo.id !== null, externalId: strip(m.replyTo.externalId) } : null,
                  payload: m.payload ?? null,
                  senderUserId: m.senderUserId ?? null,
                },
              }
            : {}),
          ...(v ? { conversation: { preview: v.lastMessagePreview, lastMessageAt: v.lastMessageAt, lastInboundAt: v.lastInboundAt, inboundCount: v.inboundCount, status: v.status } } : {}),
        };
      });

  /** Stores each webhook of a script in turn: what each reported and the change numbers it spent, and all Alice heard. */
  const play = async (who: Who, integration: IntegrationRef, webhooks: FastEvent[][], alice: TestClient) => {
    const from = alice.events.length;
    const reported: { created: number; updated: number; spent: number }[] = [];
    let last: number | null = null;
    for (const events of webhooks) {
      const before = await changeSeqOf(integration.id);
      const r = await paths[who](integration, events);
      const after = await changeSeqOf(integration.id);
      reported.push({ created: r.newMessageIds.length, updated: r.updatedMessageIds.length, spent: Number(after - before) });
      if (after !== before) last = Number(after);
    }
    // A socket hears a change's events in order and all together: once the last change is whole, all are.
    const lastHeard = () => alice.events.slice(from).filter((e) => isChange(e) && (e.payload as Heard).change.seq === last);
    if (last !== null) await eventually(() => lastHeard().length > 0 && lastHeard().length === (lastHeard()[0]!.payload as Heard).change.count, 3000, `${who}: the last change heard`);
    await sleep(100);
    return { reported, heard: heardSince(alice, from) };
  };

  test("an echo of what the Page sent from its own inbox is stored as recordIncoming stores it: outbound, sent, neither unread nor reopening; a redelivery changes nothing", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const alice = await w.socketFor(w.alice);
    const bob = await w.socketFor(w.bob);
    const t = Date.now() - 300_000;
    const script = (who: Who, contact: string): FastEvent[][] => {
      const id = (s: string) => `m_${who}_${kind}_${s}`;
      return [
        [echo(contact, "we open at 9", { externalId: id("e1"), timestamp: new Date(t + 1000) })],
        [
          echo(contact, "", {
            externalId: id("e2"),
            timestamp: new Date(t + 2000),
            attachments: [
              { type: "image", url: "https://scontent.xx.fbcdn.net/v/menu.jpg", name: null },
              { type: "location", url: null, name: "Shop", payload: { latitude: 10.7, longitude: 106.6 } },
            ],
          }),
        ],
        [echo(contact, "as you asked", { externalId: id("e3"), timestamp: new Date(t + 3000), replyToExternalId: id("e0"), payload: "ECHO_META" })],
        // Delivered late: stored, but the preview stays the newer message's.
        [echo(contact, "older, late", { externalId: id("e4"), timestamp: new Date(t + 500) })],
        // The same echo again: nothing. Then one twice in one webhook: stored once.
        [echo(contact, "we open at 9", { externalId: id("e1"), timestamp: new Date(t + 1000) })],
        [echo(contact, "see you", { externalId: id("e5"), timestamp: new Date(t + 4000) }), echo(contact, "see you", { externalId: id("e5"), timestamp: new Date(t + 4000) })],
      ];
    };
    const run = {} as Record<Who, Awaited<ReturnType<typeof play>>>;
    for (const [who, contact] of [["slow", "9100000000000101"], ["fast", "9100000000000102"]] as const) {
      // The customer wrote first (stored the same way for both), and the conversation was resolved since.
      await recordIncoming({ integration, events: [msg(contact, "hello shop", { externalId: `m_${who}_${kind}_e0`, timestamp: new Date(t) })], fallbackName });
      await systemDb().conversation.updateMany({ where: { contact: { externalId: contact } }, data: { status: "resolved" } });
      run[who] = await play(who, integration, script(who, contact), alice);
    }
    const slow = await snapshot("9100000000000101");
    const fast = await snapshot("9100000000000102");
    expect(fast.messages.map((m) => [m.direction, m.status, m.text, m.attachments.length, m.repliesToStored])).toEqual([
      ["inbound", "received", "hello shop", 0, false],
      ["outbound", "sent", "older, late", 0, false],
      ["outbound", "sent", "we open at 9", 0, false],
      ["outbound", "sent", "", 2, false],
      ["outbound", "sent", "as you asked", 0, true],
      ["outbound", "sent", "see you", 0, false],
    ]);
    expect(fast.conversation).toMatchObject({ status: "resolved", inboundCount: 1, lastMessagePreview: "see you", lastInboundAt: new Date(t) });
    expect(comparable(fast)).toEqual(comparable(slow));
    expect(run.fast.reported.map((r) => r.spent)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(run.fast.heard.map((e) => e.event)).toEqual(Array(5).fill(["new-message", "update-conversation"]).flat());
    expect(run.fast).toEqual(run.slow);
    expect(bob.events.filter(isChange)).toEqual([]);
  });

  test("the echo of a reply still being sent adopts the pending row, as recordIncoming does: no copy, the platform's id, one update-message", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const alice = await w.socketFor(w.alice);
    const bob = await w.socketFor(w.bob);
    const t = Date.now() - 120_000;
    const seen = {} as Record<Who, { reported: object; adopted: object; heard: object[]; after: Awaited<ReturnType<typeof snapshot>> }>;
    for (const [who, contact] of [["slow", "9100000000000111"], ["fast", "9100000000000112"]] as const) {
      await recordIncoming({ integration, events: [msg(contact, "can I order?", { externalId: `m_${who}_${kind}_a0`, timestamp: new Date(t) })], fallbackName });
      const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: contact } } });
      const mid = `m_${who}_${kind}_a1`;
      // The Send API holds its answer; meanwhile the echo lands.
      w.platform.failNext("facebook", { status: 200, body: { recipient_id: contact, message_id: mid }, delayMs: 1500 });
      const sending = asAccount(ACME.id, () => sendReply({ accountId: ACME.id, userId: w.alice.userId, conversationId: conversation.id, channel: "facebook", text: "of course" }));
      await eventually(() => w.platform.sends("facebook").some((c) => (c.body as { recipient?: { id?: string } }).recipient?.id === contact), 3000, "send started");
      const pending = await systemDb().message.findFirstOrThrow({ where: { conversationId: conversation.id, direction: "outbound" } });
      expect(pending.status).toBe("pending");
      const from = alice.events.length;
      // A text echo never stands for a part with a file, nor a file's echo for a text part: none here.
      const r = await paths[who](integration, [echo(contact, "of course", { externalId: mid, timestamp: new Date() })]);
      const adopted = await systemDb().message.findUniqueOrThrow({ where: { id: pending.id } });
      await eventually(() => heardSince(alice, from, Number(adopted.seq)).length > 0, 3000, `${who}: the adoption heard`);
      await sleep(50);
      expect((await sending).externalId).toBe(mid);
      seen[who] = {
        reported: { created: r.newMessageIds, updated: r.updatedMessageIds },
        adopted: { status: adopted.status, externalId: strip(adopted.externalId), senderUserId: adopted.senderUserId, text: adopted.text },
        // The reply's time is when it was sent: not compared between the runs.
        heard: heardSince(alice, from, Number(adopted.seq)).map((e) => ({ ...e, message: { ...e.message, createdAt: e.message?.createdAt === adopted.createdAt.toISOString() } })),
        after: await snapshot(contact),
      };
      expect(seen[who].reported).toEqual({ created: [], updated: [pending.id] });
    }
    expect(seen.fast.adopted).toEqual({ status: "sent", externalId: `${kind}_a1`, senderUserId: w.alice.userId, text: "of course" });
    expect(seen.fast.heard).toEqual([{ event: "update-message", count: 1, message: expect.objectContaining({ status: "sent", externalId: `${kind}_a1`, createdAt: true }) }]);
    const untimed = (s: Awaited<ReturnType<typeof snapshot>>) => ({ ...comparable(s), conversation: { ...s.conversation, lastMessageAt: null }, messages: s.messages.map((m) => ({ ...m, createdAt: null })) });
    expect(seen.fast.after.messages.map((m) => [m.direction, m.status, m.text])).toEqual([["inbound", "received", "can I order?"], ["outbound", "sent", "of course"]]);
    expect(untimed(seen.fast.after)).toEqual(untimed(seen.slow.after));
    expect(seen.fast.adopted).toEqual(seen.slow.adopted);
    expect(seen.fast.heard).toEqual(seen.slow.heard);
    expect(bob.events.filter(isChange)).toEqual([]);
  });

  test("delivery and read receipts, by id and by watermark, move the rows recordIncoming moves: forward only, never a note or a status line, never another conversation's", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const alice = await w.socketFor(w.alice);
    const bob = await w.socketFor(w.bob);
    const t = Date.now() - 600_000;
    const elsewhere = `m_elsewhere_${kind}`;
    await recordIncoming({ integration, events: [echo("9100000000000129", "another conversation", { externalId: elsewhere, timestamp: new Date(t + 1000) })], fallbackName });
    const script = (who: Who, contact: string): FastEvent[][] => {
      const id = (s: string) => `m_${who}_${kind}_${s}`;
      return [
        [delivery(contact, [id("r1")], null)],
        [delivery(contact, [], new Date(t + 2000))],
        // Zalo names the messages it read; Messenger gives a watermark.
        [read(contact, [id("r3")], null)],
        [read(contact, null, new Date(t + 2500))],
        // Late, and naming only read messages: nothing moves back.
        [delivery(contact, [id("r1"), id("r3")], new Date(t + 3000))],
        [delivery(contact, [elsewhere, id("nope")], null), read(contact, [elsewhere], null)],
        // An echo and the receipt that covers it in one webhook; then a read and a late delivery in one.
        [echo(contact, "five", { externalId: id("r5"), timestamp: new Date(t + 5000) }), delivery(contact, [], new Date(t + 5000))],
        [read(contact, [id("r5")], null), delivery(contact, [id("r5")], null)],
      ];
    };
    const run = {} as Record<Who, Awaited<ReturnType<typeof play>>>;
    for (const [who, contact] of [["slow", "9100000000000121"], ["fast", "9100000000000122"]] as const) {
      const id = (s: string) => `m_${who}_${kind}_${s}`;
      await recordIncoming({
        integration,
        events: [msg(contact, "hi", { externalId: id("r0"), timestamp: new Date(t) }), ...["one", "two", "three", "four"].map((text, i) => echo(contact, text, { externalId: id(`r${i + 1}`), timestamp: new Date(t + 1000 * (i + 1)) }))],
        fallbackName,
      });
      // A private note and an agent's status line: outbound and "sent", but on no platform.
      const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: contact } } });
      const own = { accountId: ACME.id, integrationId: integration.id, conversationId: conversation.id, direction: "outbound" as const, status: "sent" as const, senderUserId: w.alice.userId };
      await systemDb().message.create({ data: { ...own, kind: "note", text: "call them tomorrow", createdAt: new Date(t + 1500) } });
      await systemDb().message.create({ data: { ...own, kind: "system", text: "Alice resolved this", createdAt: new Date(t + 1800) } });
      run[who] = await play(who, integration, script(who, contact), alice);
    }
    const slow = await snapshot("9100000000000121");
    const fast = await snapshot("9100000000000122");
    expect(fast.messages.map((m) => `${m.text}: ${m.status}`)).toEqual([
      "hi: received",
      "one: read",
      "call them tomorrow: sent",
      "Alice resolved this: sent",
      "two: read",
      "three: read",
      "four: delivered",
      "five: read",
    ]);
    expect(comparable(fast)).toEqual(comparable(slow));
    expect(run.fast.reported).toEqual([
      { created: 0, updated: 1, spent: 1 },
      { created: 0, updated: 1, spent: 1 },
      { created: 0, updated: 1, spent: 1 },
      { created: 0, updated: 2, spent: 1 },
      { created: 0, updated: 0, spent: 0 },
      { created: 0, updated: 0, spent: 0 },
      { created: 1, updated: 2, spent: 1 },
      { created: 0, updated: 1, spent: 1 },
    ]);
    // Moved rows are update-message; the echo stored and delivered in one webhook is one new-message, delivered.
    expect(run.fast.heard.map((e) => `${e.event} ${e.message ? `${e.message.text}: ${e.message.status}` : "conversation"} (${e.count})`)).toEqual([
      "update-message one: delivered (1)",
      "update-message two: delivered (1)",
      "update-message three: read (1)",
      "update-message one: read (2)",
      "update-message two: read (2)",
      "update-message four: delivered (3)",
      "new-message five: delivered (3)",
      "update-conversation conversation (3)",
      "update-message five: read (1)",
    ]);
    expect(run.fast).toEqual(run.slow);
    expect((await systemDb().message.findFirstOrThrow({ where: { externalId: elsewhere } })).status).toBe("sent");
    expect(bob.events.filter(isChange)).toEqual([]);
  });

  test("another account's message is never moved by a receipt nor adopted by an echo; a replayed receipt emits nothing and spends no change number", async () => {
    const acme = await integrationOf(ACME.facebook.pageId);
    const globex = await integrationOf(GLOBEX.facebook.pageId);
    const alice = await w.socketFor(w.alice);
    const bob = await w.socketFor(w.bob);
    const customer = "9100000000000141"; // a customer of both pages (ids are per page)
    const t = Date.now() - 60_000;
    const globexMid = `m_globex_${kind}_1`;
    const acmeMid = `m_acme_${kind}_1`;
    await recordFast({ integration: globex, events: [echo(customer, "globex reply", { externalId: globexMid, timestamp: new Date(t) })], fallbackName });
    await recordFast({ integration: acme, events: [echo(customer, "acme reply", { externalId: acmeMid, timestamp: new Date(t + 1) })], fallbackName });
    const globexConversation = await systemDb().conversation.findFirstOrThrow({ where: { integrationId: globex.id, contact: { externalId: customer } } });
    const globexPending = await systemDb().message.create({
      data: { accountId: GLOBEX.id, integrationId: globex.id, conversationId: globexConversation.id, direction: "outbound", status: "pending", text: "globex pending", createdAt: new Date(t + 2) },
    });
    await eventually(() => bob.events.some((e) => e.event === "new-message") && alice.events.some((e) => e.event === "new-message"), 2000, "the setup heard");
    const [fromAlice, fromBob] = [alice.events.length, bob.events.length];
    const before = { acme: await changeSeqOf(acme.id), globex: await changeSeqOf(globex.id) };

    // Acme's webhook naming Globex's message.
    const named = await recordFast({ integration: acme, events: [delivery(customer, [globexMid], null), read(customer, [globexMid], null)], fallbackName });
    expect(named.updatedMessageIds).toEqual([]);
    // Globex's inbox under Acme's account (a caller's bug): row-level security shows it nothing to move…
    const forged = await recordFast({ integration: { id: globex.id, accountId: ACME.id }, events: [delivery(customer, [globexMid], new Date()), read(customer, null, new Date())], fallbackName });
    expect(forged.updatedMessageIds).toEqual([]);
    // …nor a pending reply to adopt: the echo is refused whole.
    await expect(recordFast({ integration: { id: globex.id, accountId: ACME.id }, events: [echo(customer, "globex pending", { externalId: "m_stolen" })], fallbackName })).rejects.toThrow();
    // Acme's own echo of that text is Acme's row; Globex's pending reply stays pending.
    const own = await recordFast({ integration: acme, events: [echo(customer, "globex pending", { externalId: globexMid, timestamp: new Date(t + 3) })], fallbackName });
    expect(own.newMessageIds).toHaveLength(1);
    expect(await systemDb().message.findUniqueOrThrow({ where: { id: globexPending.id } })).toMatchObject({ status: "pending", externalId: null });
    expect(await systemDb().message.findFirstOrThrow({ where: { integrationId: globex.id, externalId: globexMid } })).toMatchObject({ status: "sent", text: "globex reply" });
    expect(await systemDb().message.count({ where: { externalId: "m_stolen" } })).toBe(0);
    expect(await changeSeqOf(globex.id)).toBe(before.globex);
    expect(await changeSeqOf(acme.id)).toBe(before.acme + 1n);

    // A receipt that moves something, then the same one replayed, alone and in one batch with
    // receipts that cover nothing (before any message, for a customer never seen).
    const receipt = delivery(customer, [acmeMid], null);
    const first = await recordFast({ integration: acme, events: [receipt], fallbackName });
    expect(first.updatedMessageIds).toHaveLength(1);
    const spent = await changeSeqOf(acme.id);
    await eventually(() => heardSince(alice, fromAlice).some((e) => e.event === "update-message" && e.message?.status === "delivered"), 2000, "the receipt heard");
    const fromReplay = alice.events.length;
    const replays = [await recordFast({ integration: acme, events: [receipt], fallbackName })];
    replays.push(
      ...(await Promise.all([
        recordFast({ integration: acme, events: [receipt], fallbackName }),
        recordFast({ integration: acme, events: [read(customer, null, new Date(t - 1000))], fallbackName }),
        recordFast({ integration: acme, events: [delivery("9100000000000149", [acmeMid], new Date())], fallbackName }),
      ])),
    );
    expect(replays.map((r) => r.updatedMessageIds.length + r.newMessageIds.length + r.newContactIds.length)).toEqual([0, 0, 0, 0]);
    expect(await changeSeqOf(acme.id)).toBe(spent);
    expect(await systemDb().contact.count({ where: { externalId: "9100000000000149" } })).toBe(0);
    await sleep(200);
    expect(alice.events.slice(fromReplay).filter(isChange)).toEqual([]);
    // Acme's sockets heard Acme's changes; Globex's bob heard none of them.
    expect(heardSince(alice, fromAlice).map((e) => `${e.event} ${e.message?.text ?? "conversation"}`)).toEqual(["new-message globex pending", "update-conversation conversation", "update-message acme reply"]);
    expect(bob.events.slice(fromBob).filter(isChange)).toEqual([]);
  });

  test("echoes and their receipts in concurrent webhooks share one commit and apply in the order they came", async () => {
    const integration = await integrationOf(ACME.facebook.pageId);
    const alice = await w.socketFor(w.alice);
    const t = Date.now() - 30_000;
    const contacts = Array.from({ length: 8 }, (_, i) => `91000000000002${String(i).padStart(2, "0")}`);
    const before = await changeSeqOf(integration.id);
    const from = alice.events.length;
    const webhooks = contacts.flatMap((c, i) => [
      [echo(c, `sent ${i}`, { externalId: `m_conc_${kind}_${i}`, timestamp: new Date(t + i) })],
      [delivery(c, [], new Date(t + i))],
      [read(c, null, new Date(t + i))],
    ]);
    const results = await Promise.all(webhooks.map((events) => recordFast({ integration, events, fallbackName })));
    expect(Number((await changeSeqOf(integration.id)) - before)).toBe(1);
    expect(results.map((r) => [r.newMessageIds.length, r.updatedMessageIds.length, r.newContactIds.length])).toEqual(contacts.flatMap(() => [[1, 0, 1], [0, 1, 0], [0, 1, 0]]));
    const stored = await systemDb().message.findMany({ where: { externalId: { startsWith: `m_conc_${kind}_` } } });
    expect(stored.map((m) => m.status)).toEqual(Array(8).fill("read"));
    // Each message once, new and already read, with its conversation: one change of 16 events.
    await eventually(() => heardSince(alice, from).length === 16, 3000, "the batch heard");
    const heard = heardSince(alice, from);
    expect(heard.filter((e) => e.event === "new-message").map((e) => e.message?.status)).toEqual(Array(8).fill("read"));
    expect(heard.filter((e) => e.event === "update-conversation")).toHaveLength(8);
    expect(new Set(heard.map((e) => e.count))).toEqual(new Set([16]));
  });

  test("two batches in flight with one customer's receipts and messages in opposite orders: no deadlock (a receipt locks the conversation first)", async () => {
    // Batch A holds [read of E, message], batch B [message, read of E], both at once (PostgreSQL runs
    // two batches in flight). Locking E before the conversation in one and after it in the other
    // deadlocked; a deadlock is healed by the job-by-job retry, so the log is what shows it.
    const integration = await integrationOf(ACME.facebook.pageId);
    const c = "9100000000000401";
    const t = Date.now() - 40_000;
    await recordFast({ integration, events: [msg(c, "hi", { timestamp: new Date(t) })], fallbackName });
    const { lines, stop } = captureLogs("warn");
    try {
      for (let wave = 0; wave < 20; wave++) {
        const e = `m_x_${kind}_${wave}`;
        await recordFast({ integration, events: [echo(c, `reply ${wave}`, { externalId: e, timestamp: new Date(t + 100 * wave + 1) })], fallbackName });
        const a = [[read(c, [e], null)], [msg(c, `a ${wave}`, { timestamp: new Date(t + 100 * wave + 2) })]];
        const b = [[msg(c, `b ${wave}`, { timestamp: new Date(t + 100 * wave + 3) })], [delivery(c, [e], null)], [read(c, [e], null)]];
        const first = Promise.all(a.map((events) => recordFast({ integration, events, fallbackName })));
        // The first batch has been taken (group commit waits one turn first): these start the second.
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        const second = Promise.all(b.map((events) => recordFast({ integration, events, fallbackName })));
        await Promise.all([first, second]);
        expect((await systemDb().message.findFirstOrThrow({ where: { externalId: e } })).status, `wave ${wave}`).toBe("read");
      }
    } finally {
      stop();
    }
    expect(lines.filter((l) => l.msg === "fast path: batch failed").map((l) => l.sqlstate)).toEqual([]);
    expect(await systemDb().message.count({ where: { conversation: { contact: { externalId: c } }, direction: "inbound" } })).toBe(1 + 20 * 2);
  }, 60_000);

  test("inbox_ingest leaves no role or account behind in the transaction that calls it", async () => {
    const [after] = await systemDb().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT set_config('app.account_id', ${GLOBEX.id}, true)`;
      await tx.$queryRaw`SELECT inbox_ingest('[]'::jsonb)`;
      return tx.$queryRaw<{ account: string; role: string }[]>`SELECT current_setting('app.account_id', true) AS account, current_user::text AS role`;
    });
    expect(after!.account).toBe(GLOBEX.id);
    expect(after!.role).not.toBe("inbox_app");
  });

  test("fast and slow receipts for the same messages at once, in opposite orders: no deadlock, every row stored once", async () => {
    // A slow receipt locks its messages, then (at its change number) the inbox row; a fast one must
    // lock them before the inbox row too, or each waits on the other (40P01 on PostgreSQL).
    const integration = await integrationOf(ACME.facebook.pageId);
    const customers = ["9100000000000301", "9100000000000302"];
    const t = Date.now() - 20_000;
    for (const c of customers) await recordFast({ integration, events: [msg(c, "hi", { timestamp: new Date(t) })], fallbackName });
    for (let wave = 0; wave < 16; wave++) {
      const at = t + 100 * (wave + 1);
      const mid = (c: string, i: number) => `m_dl_${kind}_${c}_${wave}_${i}`;
      // Fresh messages, sent: every receipt below has rows to move, and they race for them.
      await recordFast({ integration, events: customers.flatMap((c) => [0, 1, 2].map((i) => echo(c, `reply ${wave}.${i}`, { externalId: mid(c, i), timestamp: new Date(at + i) }))), fallbackName });
      const fast = (order: string[]): FastEvent[] =>
        order.flatMap((c) => [delivery(c, [mid(c, 0)], new Date(at + 1)), read(c, null, new Date(at + 1)), msg(c, `more ${wave}`, { timestamp: new Date(at + 50) })]);
      // A reaction sends a webhook the slow way whole.
      const slow = (order: string[]): IncomingEvent[] =>
        order.flatMap((c): IncomingEvent[] => [
          { kind: "reaction", contactExternalId: c, externalId: mid(c, 2), by: "customer", emoji: "👍", timestamp: new Date(at + 60) },
          delivery(c, [], new Date(at + 2)),
          read(c, [mid(c, 2)], null),
        ]);
      const reversed = [...customers].reverse();
      const { lines, stop } = captureLogs("warn");
      const settled = await Promise.allSettled(
        [customers, reversed, customers].flatMap((order) => [recordFast({ integration, events: fast(order), fallbackName }), paths.slow(integration, slow([...order].reverse()))]),
      ).finally(stop);
      // A deadlock would be healed by the job-by-job retry: the log is what shows one.
      expect(lines.filter((l) => l.msg === "fast path: batch failed").map((l) => l.sqlstate), `wave ${wave}`).toEqual([]);
      expect(settled.filter((x) => x.status === "rejected"), `wave ${wave}`).toEqual([]);
      for (const c of customers) {
        const rows = await systemDb().message.findMany({ where: { externalId: { in: [0, 1, 2].map((i) => mid(c, i)) } }, orderBy: { externalId: "asc" } });
        expect(rows.map((m) => m.status), `wave ${wave}`).toEqual(["read", "read", "read"]);
      }
    }
    for (const c of customers) expect(await systemDb().message.count({ where: { conversation: { contact: { externalId: c } }, direction: "inbound" } })).toBe(1 + 16 * 3);
  }, 60_000);
});
