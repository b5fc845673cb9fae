import { beforeAll, describe, expect, test } from "vitest";
import { GET as listMentionsRoute } from "@/app/api/me/mentions/route";
import { POST as markMentionsRoute } from "@/app/api/me/mentions/read/route";
import { POST as addNote } from "@/app/api/conversations/[id]/notes/route";
import { PUT as putInboxes } from "@/app/api/account/members/[userId]/inboxes/route";
import { DELETE as removeMember } from "@/app/api/account/members/[userId]/route";
import { POST as switchRoute } from "@/app/api/account/switch/route";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import type { Mention } from "@/lib/shared/events";
import type { MentionPage } from "@/lib/shared/mention";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep, type TestClient } from "../support/realtime-harness";
import { signIn, type TestSession } from "../support/sessions";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { ACME, GLOBEX, call, useWorld } from "../support/world";

const mentionEvents = (c: TestClient) => c.events.filter((e) => e.event === "mention").map((e) => e.payload as Mention);
const changedEvents = (c: TestClient) => c.events.filter((e) => e.event === "mentions-changed");

describe.each(databaseKinds())("stored mentions on %s", (kind) => {
  const w = useWorld(kind);
  let fbInbox: string;
  let zaloInbox: string;
  let n = 0;

  const newConversation = async (name = "") => {
    const from = `79100000000${String(100 + n++).padStart(5, "0")}`;
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: `customer ${from} ${name}` }, FB_SECRET).body)).status).toBe(200);
    return systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } }, include: { contact: true } });
  };
  const note = async (by: TestSession, id: string, text: string, mentions: string[]) => {
    const res = await call(addNote, { path: `/api/conversations/${id}/notes`, body: { text, mentions }, cookie: by.cookie, params: { id } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { message: { id: string } }).message.id;
  };
  const list = async (s: TestSession, query = "") => {
    const res = await call(listMentionsRoute, { path: `/api/me/mentions${query}`, cookie: s.cookie });
    expect(res.status).toBe(200);
    return (await res.json()) as MentionPage;
  };
  const mark = (s: TestSession, body: unknown) => call(markMentionsRoute, { path: "/api/me/mentions/read", body: body as object, cookie: s.cookie });
  const limit = (userId: string, body: object) => call(putInboxes, { path: "/x", method: "PUT", body, cookie: w.alice.cookie, params: { userId } });

  beforeAll(async () => {
    fbInbox = (await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "facebook" } })).id;
    zaloInbox = (await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "zalo" } })).id;
    expect(fbInbox).not.toBe(zaloInbox);
  });

  test("a mention made while Carol had no tab open is kept with the note and listed when she signs in, newest first, unread", async () => {
    const c = await newConversation();
    const before = await list(w.carol);
    const first = await note(w.alice, c.id, "@Carol Tran   first\nline", [w.carol.userId]);
    const second = await note(w.alice, c.id, `@Carol Tran ${"second ".repeat(40)}`, [w.carol.userId]);
    const rows = await systemDb().mention.findMany({ where: { messageId: { in: [first, second] } } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.accountId === ACME.id && r.userId === w.carol.userId && r.authorId === w.alice.userId && r.conversationId === c.id && r.readAt === null)).toBe(true);

    // A new session (a later sign-in, a reload) reads them from the database.
    const carol = await signIn("carol@acme.test");
    const page = await list(carol);
    expect(page.unread).toBe(before.unread + 2);
    const [top, next] = page.mentions;
    expect(top).toMatchObject({ messageId: second, conversationId: c.id, by: { id: w.alice.userId, name: "Alice Nguyen" }, contactName: c.contact.name, readAt: null });
    expect(top!.excerpt.length).toBeLessThanOrEqual(140);
    expect(top!.excerpt.endsWith("…")).toBe(true);
    expect(next).toMatchObject({ messageId: first, excerpt: "@Carol Tran first line", readAt: null });
    expect(Date.parse(top!.createdAt)).toBeGreaterThanOrEqual(Date.parse(next!.createdAt));
    // The author has no mention of her own.
    expect((await list(w.alice)).mentions.some((m) => [first, second].includes(m.messageId))).toBe(false);
  });

  test("the live mention event carries the stored mention's id", async () => {
    const c = await newConversation();
    const carol = await w.socketFor(w.carol);
    const id = await note(w.alice, c.id, "@Carol Tran live one", [w.carol.userId]);
    await eventually(() => mentionEvents(carol).some((m) => m.messageId === id), 2000, "carol told");
    const got = mentionEvents(carol).find((m) => m.messageId === id)!;
    const row = await systemDb().mention.findUniqueOrThrow({ where: { messageId_userId: { messageId: id, userId: w.carol.userId } } });
    expect(got).toEqual({ id: row.id, conversationId: c.id, messageId: id, by: { id: w.alice.userId, name: "Alice Nguyen" }, excerpt: "@Carol Tran live one", createdAt: row.createdAt.toISOString() });
    expect((await list(w.carol)).mentions[0]!.id).toBe(row.id);
  });

  test("pages: newest first with a cursor; bad queries are a 400; no session is a 401", async () => {
    const c = await newConversation();
    await note(w.alice, c.id, "@Carol Tran page a", [w.carol.userId]);
    await note(w.alice, c.id, "@Carol Tran page b", [w.carol.userId]);
    const one = await list(w.carol, "?limit=1");
    expect(one.mentions).toHaveLength(1);
    expect(one.mentions[0]!.excerpt).toBe("@Carol Tran page b");
    expect(one.nextCursor).toEqual(expect.any(String));
    const two = await list(w.carol, `?limit=1&cursor=${one.nextCursor}`);
    expect(two.mentions[0]!.excerpt).toBe("@Carol Tran page a");
    expect(two.unread).toBe(one.unread);
    for (const q of ["?limit=0", "?limit=1000", "?cursor=%00", "?cursor=bm90LWEtY3Vyc29y"]) {
      expect((await call(listMentionsRoute, { path: `/api/me/mentions${q}`, cookie: w.carol.cookie })).status, q).toBe(400);
    }
    expect((await call(listMentionsRoute, { path: "/api/me/mentions" })).status).toBe(401);
    expect((await mark({ ...w.carol, cookie: "" }, { all: true })).status).toBe(401);
  });

  test("reading moves only the caller's own rows: another member's ids, Globex's Bob and bad bodies move nothing; her other tabs are told, nobody else's", async () => {
    const c = await newConversation();
    const id = await note(w.alice, c.id, "@Carol Tran @Dave both of you", [w.carol.userId, w.dave.userId]);
    const rows = await systemDb().mention.findMany({ where: { messageId: id } });
    const carolRow = rows.find((r) => r.userId === w.carol.userId)!;
    const daveRow = rows.find((r) => r.userId === w.dave.userId)!;
    expect(carolRow && daveRow).toBeTruthy();
    const [carolTab, carolTab2, daveTab, bobTab, aliceTab] = await Promise.all([w.socketFor(w.carol), w.socketFor(w.carol), w.socketFor(w.dave), w.socketFor(w.bob), w.socketFor(w.alice)]);

    for (const body of [{}, { ids: [] }, { all: false }, { ids: "x" }, { ids: [carolRow.id], all: true }, { ids: [carolRow.id], userId: w.dave.userId }, [carolRow.id], { ids: ["a\u0000b"] }]) {
      expect((await mark(w.carol, body)).status, JSON.stringify(body)).toBe(400);
    }
    // Someone else's mention: ignored like an unknown id, by a colleague and by another account's agent.
    for (const [who, ids] of [[w.carol, [daveRow.id]], [w.bob, [carolRow.id, daveRow.id]], [w.alice, [carolRow.id]]] as const) {
      const res = await mark(who, { ids });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ marked: 0 });
    }
    expect((await mark(w.bob, { all: true })).status).toBe(200);
    expect((await systemDb().mention.findMany({ where: { id: { in: [carolRow.id, daveRow.id] } } })).every((r) => r.readAt === null)).toBe(true);

    const unreadBefore = (await list(w.carol)).unread;
    const res = await mark(w.carol, { ids: [carolRow.id, daveRow.id, "no-such-id"] });
    expect(await res.json()).toEqual({ marked: 1 });
    expect((await systemDb().mention.findUniqueOrThrow({ where: { id: carolRow.id } })).readAt).not.toBeNull();
    expect((await systemDb().mention.findUniqueOrThrow({ where: { id: daveRow.id } })).readAt).toBeNull();
    const after = await list(w.carol);
    expect(after.unread).toBe(unreadBefore - 1);
    expect(after.mentions.find((m) => m.id === carolRow.id)!.readAt).toEqual(expect.any(String));
    expect((await list(w.dave)).mentions.find((m) => m.id === daveRow.id)!.readAt).toBeNull();

    await eventually(() => changedEvents(carolTab).length === 1 && changedEvents(carolTab2).length === 1, 2000, "both of Carol's tabs told");
    await sleep(150);
    for (const other of [daveTab, bobTab, aliceTab]) expect(changedEvents(other)).toEqual([]);

    // All of hers, none of Dave's.
    expect(await (await mark(w.carol, { all: true })).json()).toEqual({ marked: expect.any(Number) });
    expect((await list(w.carol)).unread).toBe(0);
    expect((await systemDb().mention.findUniqueOrThrow({ where: { id: daveRow.id } })).readAt).toBeNull();
    // Nothing left to read: no second nudge.
    expect(await (await mark(w.carol, { all: true })).json()).toEqual({ marked: 0 });
    await sleep(150);
    expect(changedEvents(carolTab)).toHaveLength(2);
  });

  test("Globex's Bob lists none of Acme's; an agent outside the inbox gets no row at all; taking the inbox away hides his, giving it back shows them", async () => {
    const c = await newConversation();
    expect((await limit(w.dave.userId, { all: false, integrationIds: [zaloInbox] })).status).toBe(200);
    try {
      const outside = await note(w.alice, c.id, "@Dave you cannot see this", [w.dave.userId, w.bob.userId]);
      expect(await systemDb().mention.count({ where: { messageId: outside } })).toBe(0);
      expect((await list(w.dave)).mentions.some((m) => m.messageId === outside)).toBe(false);
      expect((await list(w.bob)).mentions).toEqual([]);
      expect((await list(w.bob)).unread).toBe(0);
    } finally {
      expect((await limit(w.dave.userId, { all: true, integrationIds: [] })).status).toBe(200);
    }

    const inside = await note(w.alice, c.id, "@Dave now you can", [w.dave.userId]);
    expect((await list(w.dave)).mentions.map((m) => m.messageId)).toContain(inside);
    const unread = (await list(w.dave)).unread;
    expect((await limit(w.dave.userId, { all: false, integrationIds: [zaloInbox] })).status).toBe(200);
    try {
      const hidden = await list(w.dave);
      expect(hidden.mentions.some((m) => m.conversationId === c.id)).toBe(false);
      expect(hidden.unread).toBeLessThan(unread);
    } finally {
      expect((await limit(w.dave.userId, { all: true, integrationIds: [] })).status).toBe(200);
    }
    expect((await list(w.dave)).mentions.map((m) => m.messageId)).toContain(inside);
    expect((await list(w.dave)).unread).toBe(unread);
    // Dave signed in to Globex (his other account) sees none of his Acme mentions, and cannot read them: the account is the session's.
    const switched = await call(switchRoute, { path: "/api/account/switch", body: { accountId: GLOBEX.id }, cookie: (await signIn("dave@acme.test")).cookie });
    expect(switched.status).toBe(200);
    const daveGlobex = { ...w.dave, cookie: switched.headers.get("set-cookie")!.split(";")[0]!, accountId: GLOBEX.id };
    expect(await list(daveGlobex)).toEqual({ mentions: [], nextCursor: null, unread: 0 });
    expect(await (await mark(daveGlobex, { all: true })).json()).toEqual({ marked: 0 });
    expect(await (await mark(daveGlobex, { ids: [(await systemDb().mention.findFirstOrThrow({ where: { messageId: inside } })).id] })).json()).toEqual({ marked: 0 });
    expect((await list(w.dave)).unread).toBe(unread);
  });

  test("removing the member removes their mentions; a member added again starts with none", async () => {
    const c = await newConversation();
    const id = await note(w.alice, c.id, "@Carol Tran before you go", [w.carol.userId]);
    expect(await systemDb().mention.count({ where: { userId: w.carol.userId, accountId: ACME.id } })).toBeGreaterThan(0);
    expect((await call(removeMember, { path: "/x", method: "DELETE", cookie: w.alice.cookie, params: { userId: w.carol.userId } })).status).toBeLessThan(300);
    expect(await systemDb().mention.count({ where: { userId: w.carol.userId, accountId: ACME.id } })).toBe(0);
    // Her old session is refused; back in the account, nothing of before is listed.
    expect((await call(listMentionsRoute, { path: "/api/me/mentions", cookie: w.carol.cookie })).status).toBe(401);
    await systemDb().membership.create({ data: { accountId: ACME.id, userId: w.carol.userId, role: "agent" } });
    const again = await signIn("carol@acme.test");
    expect(await list(again)).toEqual({ mentions: [], nextCursor: null, unread: 0 });
    // The note itself stays in the conversation.
    expect(await systemDb().message.count({ where: { id } })).toBe(1);
  });
});
