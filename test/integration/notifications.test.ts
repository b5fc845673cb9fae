import { beforeAll, describe, expect, test } from "vitest";
import { GET as getPreferences, PATCH as patchPreferences } from "@/app/api/me/preferences/route";
import { GET as getUnread } from "@/app/api/me/unread/route";
import { POST as addNote } from "@/app/api/conversations/[id]/notes/route";
import { POST as markRead } from "@/app/api/conversations/[id]/read/route";
import { POST as switchRoute } from "@/app/api/account/switch/route";
import { PUT as putInboxes } from "@/app/api/account/members/[userId]/inboxes/route";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { defaultNotificationPreferences, type NotificationPreferences } from "@/lib/shared/notification-preferences";
import type { Mention } from "@/lib/shared/events";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep, type TestClient } from "../support/realtime-harness";
import { signIn, type TestSession } from "../support/sessions";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { ACME, GLOBEX, call, useWorld } from "../support/world";

type Prefs = { preferences: NotificationPreferences };

const read = async (s: TestSession) => {
  const res = await call(getPreferences, { path: "/api/me/preferences", cookie: s.cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as Prefs).preferences;
};
const patch = (s: TestSession, body: unknown) => call(patchPreferences, { path: "/api/me/preferences", method: "PATCH", body: body as object, cookie: s.cookie });
const unread = async (s: TestSession) => ((await (await call(getUnread, { path: "/api/me/unread", cookie: s.cookie })).json()) as { conversations: number }).conversations;
const mentionsOf = (c: TestClient) => c.events.filter((e) => e.event === "mention").map((e) => e.payload as Mention);
const prefEvents = (c: TestClient) => c.events.filter((e) => e.event === "preferences-changed");

/** Dave (a member of Acme and Globex) signed in to Globex, through the real account switch. */
async function daveInGlobex(): Promise<TestSession> {
  const dave = await signIn("dave@acme.test");
  const res = await call(switchRoute, { path: "/api/account/switch", body: { accountId: GLOBEX.id }, cookie: dave.cookie });
  expect(res.status).toBe(200);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  return { ...dave, cookie, accountId: GLOBEX.id };
}

describe.each(databaseKinds())("notification preferences on %s", (kind) => {
  const w = useWorld(kind);

  test("defaults before anyone chose: everything notifies, without sound; no session is a 401", async () => {
    expect(await read(w.bob)).toEqual(defaultNotificationPreferences);
    expect(defaultNotificationPreferences).toMatchObject({ sound: false, desktop: true, newConversations: true, assigned: true, mentions: true });
    expect((await call(getPreferences, { path: "/api/me/preferences" })).status).toBe(401);
    expect((await patch({ ...w.bob, cookie: "" }, { sound: true })).status).toBe(401);
  });

  test("a bad body is a 400 and changes nothing", async () => {
    const before = await read(w.carol);
    for (const body of [{}, { sound: "yes" }, { sound: 1 }, { loud: true }, { sound: true, userId: w.alice.userId }, { desktop: null }, [true], "sound"]) {
      const res = await patch(w.carol, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await read(w.carol)).toEqual(before);
  });

  test("a change is the member's own, in the signed-in account only, and reaches only that member's tabs of that account", async () => {
    const daveGlobex = await daveInGlobex();
    const daveAcme = await signIn("dave@acme.test");
    const [acmeTab, acmeTab2, globexTab, alice, bob] = await Promise.all([w.socketFor(daveAcme), w.socketFor(daveAcme), w.socketFor(daveGlobex), w.socketFor(w.alice), w.socketFor(w.bob)]);
    const aliceBefore = await read(w.alice);
    const bobBefore = await read(w.bob);

    const res = await patch(daveAcme, { sound: true, mentions: false });
    expect(res.status).toBe(200);
    const changed = ((await res.json()) as Prefs).preferences;
    expect(changed).toEqual({ ...defaultNotificationPreferences, sound: true, mentions: false });
    expect(await read(daveAcme)).toEqual(changed);
    // His Globex membership keeps its own.
    expect(await read(daveGlobex)).toEqual(defaultNotificationPreferences);
    const rows = await systemDb().membership.findMany({ where: { user: { email: "dave@acme.test" } }, select: { accountId: true, notifySound: true, notifyMentions: true } });
    expect(rows.find((r) => r.accountId === ACME.id)).toMatchObject({ notifySound: true, notifyMentions: false });
    expect(rows.find((r) => r.accountId === GLOBEX.id)).toMatchObject({ notifySound: false, notifyMentions: true });

    await eventually(() => prefEvents(acmeTab).length === 1 && prefEvents(acmeTab2).length === 1, 2000, "both of Dave's Acme tabs told");
    expect(prefEvents(acmeTab)[0]!.payload).toEqual({ preferences: changed });
    await sleep(150);
    for (const c of [globexTab, alice, bob]) expect(prefEvents(c)).toEqual([]);
    // Nobody else's changed.
    expect(await read(w.alice)).toEqual(aliceBefore);
    expect(await read(w.bob)).toEqual(bobBefore);

    // And the other way: Globex's change leaves Acme's as it is.
    expect((await patch(daveGlobex, { desktop: false })).status).toBe(200);
    expect(await read(daveAcme)).toEqual(changed);
    expect((await read(daveGlobex)).desktop).toBe(false);
    await eventually(() => prefEvents(globexTab).length === 1, 2000, "Globex tab told");
    await sleep(100);
    expect(prefEvents(acmeTab)).toHaveLength(1);
  });

  test("there is no way to name another member: the body refuses ids, the route has no user in its path", async () => {
    const before = await read(w.alice);
    expect((await patch(w.bob, { userId: w.alice.userId, sound: true })).status).toBe(400);
    expect((await patch(w.bob, { accountId: ACME.id, sound: true })).status).toBe(400);
    expect((await patch(w.bob, { sound: true })).status).toBe(200);
    expect(await read(w.alice)).toEqual(before);
    expect((await read(w.bob)).sound).toBe(true);
  });
});

describe.each(databaseKinds())("mentions in notes on %s", (kind) => {
  const w = useWorld(kind);
  let fbInbox: string;
  let zaloInbox: string;
  let n = 0;

  const newConversation = async () => {
    const from = `78100000000${String(100 + n++).padStart(5, "0")}`;
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: `customer ${from}` }, FB_SECRET).body)).status).toBe(200);
    return systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
  };
  const note = (by: TestSession, id: string, text: string, mentions: unknown) =>
    call(addNote, { path: `/api/conversations/${id}/notes`, body: { text, mentions } as object, cookie: by.cookie, params: { id } });
  const limitDave = (body: object) =>
    call(putInboxes, { path: "/api/account/members/x/inboxes", method: "PUT", body, cookie: w.alice.cookie, params: { userId: w.dave.userId } });

  beforeAll(async () => {
    fbInbox = (await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "facebook" } })).id;
    zaloInbox = (await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "zalo" } })).id;
    expect(fbInbox).not.toBe(zaloInbox);
  });

  test("the mentioned member hears of it; another account's agent, an agent outside the inbox, the author and unknown ids get nothing", async () => {
    const c = await newConversation();
    // Dave works only in Acme's Zalo inbox: the conversation (Facebook) is not his to see.
    expect((await limitDave({ all: false, integrationIds: [zaloInbox] })).status).toBe(200);
    try {
      const daveAcme = await signIn("dave@acme.test");
      const daveGlobex = await daveInGlobex();
      const [carol, alice, bob, dave, daveOther] = await Promise.all([w.socketFor(w.carol), w.socketFor(w.alice), w.socketFor(w.bob), w.socketFor(daveAcme), w.socketFor(daveGlobex)]);
      const text = "Please check the refund @Carol Tran @Bob @Dave @Alice";
      const res = await note(w.alice, c.id, text, [w.carol.userId, w.bob.userId, w.dave.userId, w.alice.userId, "no-such-user", w.carol.userId]);
      expect(res.status).toBe(201);
      const { message } = (await res.json()) as { message: { id: string } };

      await eventually(() => mentionsOf(carol).length > 0, 2000, "carol told");
      // Some other events (the note itself) may arrive; the mention only once, exactly this.
      await sleep(200);
      const stored = await systemDb().mention.findMany({ where: { messageId: message.id } });
      expect(stored.map((m) => m.userId)).toEqual([w.carol.userId]);
      expect(mentionsOf(carol)).toEqual([{ id: stored[0]!.id, conversationId: c.id, messageId: message.id, by: { id: w.alice.userId, name: "Alice Nguyen" }, excerpt: text, createdAt: stored[0]!.createdAt.toISOString() }]);
      for (const other of [alice, bob, dave, daveOther]) expect(mentionsOf(other)).toEqual([]);
      // Nothing of the note reached another account's sockets at all.
      for (const other of [bob, daveOther]) expect(JSON.stringify(other.events)).not.toContain("refund");
    } finally {
      expect((await limitDave({ all: true, integrationIds: [] })).status).toBe(200);
    }
  });

  test("given the inbox, the same agent is told — in the account he is signed in to, not in his other one", async () => {
    const c = await newConversation();
    const daveAcme = await signIn("dave@acme.test");
    const daveGlobex = await daveInGlobex();
    const [dave, daveOther] = await Promise.all([w.socketFor(daveAcme), w.socketFor(daveGlobex)]);
    const long = `@Dave ${"a long note ".repeat(30)}`;
    expect((await note(w.carol, c.id, long, [w.dave.userId])).status).toBe(201);
    await eventually(() => mentionsOf(dave).length === 1, 2000, "dave told");
    const got = mentionsOf(dave)[0]!;
    expect(got.by).toEqual({ id: w.carol.userId, name: expect.stringMatching(/^Carol/) });
    expect(got.excerpt.length).toBeLessThanOrEqual(140);
    expect(long.replace(/\s+/g, " ").startsWith(got.excerpt.slice(0, -1))).toBe(true);
    await sleep(150);
    expect(mentionsOf(daveOther)).toEqual([]);
  });

  test("an agent of another account cannot mention into Acme, and mentions that are not ids are a 400 with nothing stored", async () => {
    const c = await newConversation();
    const carol = await w.socketFor(w.carol);
    expect((await note(w.bob, c.id, "from Globex @Carol", [w.carol.userId])).status).toBe(404);
    const before = await systemDb().message.count({ where: { conversationId: c.id, kind: "note" } });
    for (const bad of ["carol", [42], [""], Array.from({ length: 21 }, (_, i) => `id-${i}`), [w.carol.userId, { id: 1 }]]) {
      expect((await note(w.alice, c.id, "bad mentions", bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect(await systemDb().message.count({ where: { conversationId: c.id, kind: "note" } })).toBe(before);
    await sleep(150);
    expect(mentionsOf(carol)).toEqual([]);
  });
});

describe.each(databaseKinds())("the unread count of the tab title on %s", (kind) => {
  const w = useWorld(kind);
  let n = 0;

  test("counts conversations with unread messages the member may see: a new one adds one, reading it takes it away, other accounts and other inboxes never", async () => {
    const zaloInbox = (await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "zalo" } })).id;
    expect(
      (await call(putInboxes, { path: "/x", method: "PUT", body: { all: false, integrationIds: [zaloInbox] }, cookie: w.alice.cookie, params: { userId: w.dave.userId } })).status,
    ).toBe(200);
    const before = { alice: await unread(w.alice), bob: await unread(w.bob), dave: await unread(w.dave) };
    const from = `78200000000${String(100 + n++).padStart(5, "0")}`;
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "count me" }, FB_SECRET).body)).status).toBe(200);
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "count me once" }, FB_SECRET).body)).status).toBe(200);
    expect(await unread(w.alice)).toBe(before.alice + 1);
    expect(await unread(w.bob)).toBe(before.bob);
    expect(await unread(w.dave)).toBe(before.dave);
    const c = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
    expect((await call(markRead, { path: "/x", method: "POST", body: {}, cookie: w.alice.cookie, params: { id: c.id } })).status).toBeLessThan(300);
    expect(await unread(w.alice)).toBe(before.alice);
    expect((await call(getUnread, { path: "/api/me/unread" })).status).toBe(401);
  });
});
