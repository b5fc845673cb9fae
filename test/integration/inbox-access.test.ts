import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook, buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { saveFile } from "@/lib/files/save-file";
import { settleBackground } from "@/lib/inbox/ingest-batches";
import { getIo } from "@/lib/realtime/io";
import { recheckInboxRooms } from "@/lib/server/create-realtime-server";
import { GET as listConversations } from "@/app/api/conversations/route";
import { GET as getConversation } from "@/app/api/conversations/[id]/route";
import { GET as listMessages } from "@/app/api/conversations/[id]/messages/route";
import { POST as markRead } from "@/app/api/conversations/[id]/read/route";
import { POST as setStatus } from "@/app/api/conversations/[id]/status/route";
import { POST as addNote } from "@/app/api/conversations/[id]/notes/route";
import { POST as assign } from "@/app/api/conversations/[id]/assignee/route";
import { POST as channelReply } from "@/app/api/[channel]/conversations/[id]/messages/route";
import { GET as listChanges } from "@/app/api/changes/route";
import { GET as getFile } from "@/app/api/files/[fileId]/route";
import { GET as getContact } from "@/app/api/contacts/[id]/route";
import { GET as getInboxes, PUT as putInboxes } from "@/app/api/account/members/[userId]/inboxes/route";
import { databaseKinds } from "../support/test-db";
import { forChannel } from "../support/channel-route";
import { eventually, sleep, type TestClient } from "../support/realtime-harness";
import { signIn, type TestSession } from "../support/sessions";
import { FB_SECRET, postFacebook, postZalo } from "../support/webhooks";
import { ACME, GLOBEX, call, useWorld } from "../support/world";

/**
 * Isolation one level down: an agent an admin limited to the Zalo inbox gets nothing of
 * Acme's Facebook inbox — over REST (404 as for another account's ids) and over a real
 * Socket.IO client, including right after the access is taken away while connected and
 * after a reconnect. Admins still see everything.
 */
describe.each(databaseKinds())("per-inbox access on %s", (kind) => {
  const w = useWorld(kind);
  let fb: string; // Acme's Facebook inbox
  let zalo: string; // Acme's Zalo OA inbox
  let fbConversation: string;
  let zaloConversation: string;
  let fbContact: string;
  let carol: TestSession;
  let n = 0;

  const get = <P,>(handler: Parameters<typeof call<P>>[0], path: string, s: TestSession, params?: P) => call(handler, { path, cookie: s.cookie, ...(params ? { params } : {}) });
  const limit = (by: TestSession, userId: string, body: object) => call(putInboxes, { path: `/api/account/members/${userId}/inboxes`, method: "PUT", body, cookie: by.cookie, params: { userId } });
  const onlyZalo = () => limit(w.alice, carol.userId, { all: false, integrationIds: [zalo] });
  const inboxOf = (e: { payload: unknown }) => (e.payload as { change?: { inboxId: string } } | undefined)?.change?.inboxId;
  const fbPost = (text: string) => postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "9000000000000101", text, mid: `access-fb-${n++}` }, FB_SECRET).body);
  const zaloPost = (text: string) => {
    const req = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8000000000000101", text, mid: `access-zalo-${n++}` }, ACME.zalo);
    return postZalo(req.body, req.headers["x-zevent-signature"]!);
  };
  // The recording client is typed for what the server sends; presence is what a browser sends.
  const tellPresence = (c: TestClient, conversationId: string, typing: boolean) => c.socket.emit("presence", { conversationId, typing } as never);
  const fbEvents = (c: TestClient) => c.events.filter((e) => inboxOf(e) === fb || (JSON.stringify(e.payload) ?? "").includes(fbConversation));

  beforeAll(async () => {
    fb = (await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "facebook" } })).id;
    zalo = (await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "zalo" } })).id;
    const f = await systemDb().conversation.findFirstOrThrow({ where: { integrationId: fb } });
    fbConversation = f.id;
    fbContact = f.contactId;
    zaloConversation = (await systemDb().conversation.findFirstOrThrow({ where: { integrationId: zalo } })).id;
    carol = w.carol;
  });

  beforeEach(async () => {
    expect((await limit(w.alice, carol.userId, { all: true, integrationIds: [] })).status).toBe(200);
  });

  test("REST: an agent limited to Zalo gets 404 for every Facebook conversation route, and none in lists, search or catch-up", async () => {
    expect((await onlyZalo()).status).toBe(200);
    const list = (await (await get(listConversations, "/api/conversations", carol)).json()) as { conversations: { id: string }[]; inboxes: Record<string, number> };
    expect(list.conversations.map((c) => c.id)).toContain(zaloConversation);
    expect(list.conversations.map((c) => c.id)).not.toContain(fbConversation);
    expect(Object.keys(list.inboxes)).toEqual([zalo]);
    const search = (await (await get(listConversations, "/api/conversations?q=jacket", carol)).json()) as { conversations: unknown[] };
    expect(search.conversations).toEqual([]);
    const adminSearch = (await (await get(listConversations, "/api/conversations?q=jacket", w.alice)).json()) as { conversations: { id: string }[] };
    expect(adminSearch.conversations.map((c) => c.id)).toEqual([fbConversation]);

    const params = { id: fbConversation };
    const path = `/api/conversations/${fbConversation}`;
    expect((await get(getConversation, path, carol, params)).status).toBe(404);
    expect((await get(listMessages, `${path}/messages`, carol, params)).status).toBe(404);
    expect((await get(getContact, `/api/contacts/${fbContact}`, carol, { id: fbContact })).status).toBe(404);
    const writes = [
      call(markRead, { path: `${path}/read`, method: "POST", body: {}, cookie: carol.cookie, params }),
      call(setStatus, { path: `${path}/status`, method: "POST", body: { status: "resolved" }, cookie: carol.cookie, params }),
      call(addNote, { path: `${path}/notes`, method: "POST", body: { text: "peek" }, cookie: carol.cookie, params }),
      call(assign, { path: `${path}/assignee`, method: "POST", body: { assigneeId: carol.userId }, cookie: carol.cookie, params }),
      call(forChannel(channelReply, "facebook"), { path: `/api/facebook${path}/messages`, method: "POST", body: { text: "hi" }, cookie: carol.cookie, params }),
    ];
    for (const res of await Promise.all(writes)) expect(res.status).toBe(404);
    const stored = await systemDb().message.count({ where: { conversationId: fbConversation, text: { in: ["peek", "hi"] } } });
    expect(stored).toBe(0);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: fbConversation } })).status).toBe("open");

    // Catch-up from zero: only Zalo's positions and rows.
    const changes = (await (await get(listChanges, "/api/changes", carol)).json()) as { inboxes: Record<string, number>; conversations: { id: string }[]; messages: { conversationId: string }[] };
    expect(Object.keys(changes.inboxes)).toEqual([zalo]);
    expect(changes.conversations.map((c) => c.id)).not.toContain(fbConversation);
    expect(changes.messages.some((m) => m.conversationId === fbConversation)).toBe(false);
    const asked = (await (await get(listChanges, `/api/changes?since=${fb}:0,${zalo}:0`, carol)).json()) as { inboxes: Record<string, number> };
    expect(Object.keys(asked.inboxes)).toEqual([zalo]);

    // Zalo still works for her; the admin still sees Facebook.
    expect((await get(getConversation, `/api/conversations/${zaloConversation}`, carol, { id: zaloConversation })).status).toBe(200);
    expect((await get(listMessages, `/api/conversations/${zaloConversation}/messages`, carol, { id: zaloConversation })).status).toBe(200);
    expect((await get(getConversation, path, w.alice, params)).status).toBe(200);
    // Another account's conversation is still a 404 for an admin.
    const globexConversation = (await systemDb().conversation.findFirstOrThrow({ where: { accountId: GLOBEX.id } })).id;
    expect((await get(getConversation, `/api/conversations/${globexConversation}`, w.alice, { id: globexConversation })).status).toBe(404);
  });

  test("files: an attachment's file of a hidden inbox is a 404; of a visible one, 200", async () => {
    const fbMessage = await systemDb().message.findFirstOrThrow({ where: { conversationId: fbConversation } });
    const zaloMessage = await systemDb().message.findFirstOrThrow({ where: { conversationId: zaloConversation } });
    const fbFile = await saveFile({ accountId: ACME.id, source: "inbound", name: "fb.txt", bytes: Buffer.from("facebook secret") });
    const zaloFile = await saveFile({ accountId: ACME.id, source: "inbound", name: "zalo.txt", bytes: Buffer.from("zalo file") });
    await systemDb().attachment.create({ data: { messageId: fbMessage.id, type: "file", fileId: fbFile.id, name: "fb.txt" } });
    await systemDb().attachment.create({ data: { messageId: zaloMessage.id, type: "file", fileId: zaloFile.id, name: "zalo.txt" } });
    expect((await onlyZalo()).status).toBe(200);
    expect((await get(getFile, `/api/files/${fbFile.id}`, carol, { fileId: fbFile.id })).status).toBe(404);
    expect((await get(getFile, `/api/files/${zaloFile.id}`, carol, { fileId: zaloFile.id })).status).toBe(200);
    expect((await get(getFile, `/api/files/${fbFile.id}`, w.alice, { fileId: fbFile.id })).status).toBe(200);
    expect((await get(getFile, `/api/files/${fbFile.id}`, w.bob, { fileId: fbFile.id })).status).toBe(404);
    // Nor can she send it on through an inbox she works in.
    const reply = await call(forChannel(channelReply, "zalo"), { path: "/x", method: "POST", body: { text: "fwd", attachments: [fbFile.id] }, cookie: carol.cookie, params: { id: zaloConversation } });
    expect(reply.status).toBe(404);
    expect(await systemDb().message.count({ where: { conversationId: zaloConversation, text: "fwd" } })).toBe(0);
  });

  test("the access route: admins only, this account's inboxes only (400, nothing stored), another account's member 404", async () => {
    const globexInbox = (await systemDb().integration.findFirstOrThrow({ where: { accountId: GLOBEX.id } })).id;
    const bad = await limit(w.alice, carol.userId, { all: false, integrationIds: [zalo, globexInbox] });
    expect(bad.status).toBe(400);
    expect(await systemDb().inboxAccess.count({ where: { integrationId: globexInbox } })).toBe(0);
    expect((await systemDb().membership.findFirstOrThrow({ where: { accountId: ACME.id, userId: carol.userId } })).allInboxes).toBe(true);
    expect((await limit(w.alice, carol.userId, { all: false, integrationIds: [] })).status).toBe(400);
    expect((await limit(w.alice, carol.userId, { all: "yes", integrationIds: [] })).status).toBe(400);
    expect((await limit(carol, carol.userId, { all: false, integrationIds: [zalo] })).status).toBe(403);
    expect((await limit(w.bob, carol.userId, { all: false, integrationIds: [zalo] })).status).toBe(404);
    expect((await limit(w.alice, w.alice.userId, { all: false, integrationIds: [zalo] })).status).toBe(400); // admins see all
    expect((await onlyZalo()).status).toBe(200);
    const read = (await (await call(getInboxes, { path: "/x", cookie: w.alice.cookie, params: { userId: carol.userId } })).json()) as unknown;
    expect(read).toEqual({ all: false, integrationIds: [zalo] });
    expect((await call(getInboxes, { path: "/x", cookie: w.bob.cookie, params: { userId: carol.userId } })).status).toBe(404);
    const audit = await systemDb().auditEvent.findFirstOrThrow({ where: { accountId: ACME.id, action: "inboxes_changed" }, orderBy: { createdAt: "desc" } });
    expect(audit.detail).toBe("Acme OA");
  });

  test("assignment: only to a member who sees the inbox (400); losing the inbox unassigns her conversations there", async () => {
    const params = { id: fbConversation };
    const assignTo = (assigneeId: string | null) => call(assign, { path: "/x", method: "POST", body: { assigneeId }, cookie: w.alice.cookie, params });
    expect((await assignTo(carol.userId)).status).toBe(200);
    expect((await onlyZalo()).status).toBe(200);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: fbConversation } })).assigneeId).toBeNull();
    const line = await systemDb().message.findFirstOrThrow({ where: { conversationId: fbConversation, kind: "system" }, orderBy: { createdAt: "desc" } });
    expect(line.text).toBe("Carol Tran was unassigned: they no longer work in this inbox");
    const refused = await assignTo(carol.userId);
    expect(refused.status).toBe(400);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: fbConversation } })).assigneeId).toBeNull();
  });

  test("real time: after the change (socket connected through it) and after a reconnect, nothing of Facebook reaches her", async () => {
    const live = await w.socketFor(carol);
    const alice = await w.socketFor(w.alice);
    expect((await fbPost("before the change")).status).toBe(200);
    await eventually(() => fbEvents(live).length > 0, 2000, "carol hears Facebook while she may");
    live.events.length = 0;
    alice.events.length = 0;

    expect((await onlyZalo()).status).toBe(200);
    // From the moment the change is committed: the socket stays connected and hears only Zalo.
    const from = live.events.length;
    expect((await fbPost("after the change")).status).toBe(200);
    expect((await zaloPost("zalo after the change")).status).toBe(200);
    await eventually(() => alice.events.some((e) => inboxOf(e) === fb) && live.events.some((e) => inboxOf(e) === zalo), 2000, "both inboxes announced");
    await sleep(150);
    expect(live.socket.connected).toBe(true);
    expect(fbEvents({ ...live, events: live.events.slice(from) })).toEqual([]);
    expect(live.events.some((e) => e.event === "inboxes-changed")).toBe(true);

    // A fresh connection (a reconnect) joins only what the session's member may see.
    live.close();
    const again = await w.socketFor(await signIn("carol@acme.test"));
    expect((await fbPost("after the reconnect")).status).toBe(200);
    expect((await zaloPost("zalo after the reconnect")).status).toBe(200);
    await eventually(() => again.events.some((e) => inboxOf(e) === zalo), 2000, "zalo heard after reconnect");
    await sleep(150);
    expect(fbEvents(again)).toEqual([]);

    // Given back, the same socket hears Facebook again without reconnecting.
    expect((await limit(w.alice, carol.userId, { all: true, integrationIds: [] })).status).toBe(200);
    expect((await fbPost("given back")).status).toBe(200);
    await eventually(() => fbEvents(again).length > 0, 2000, "facebook heard again");
  });

  test("presence: a colleague in a hidden conversation is not heard; hers there is ignored", async () => {
    expect((await onlyZalo()).status).toBe(200);
    const live = await w.socketFor(carol);
    const alice = await w.socketFor(w.alice);
    tellPresence(alice, fbConversation, true);
    tellPresence(alice, zaloConversation, false);
    await eventually(() => live.events.some((e) => e.event === "presence"), 2000, "zalo presence heard");
    await sleep(150);
    const heard = live.events.filter((e) => e.event === "presence").map((e) => (e.payload as { conversationId: string }).conversationId);
    expect(heard.every((id) => id === zaloConversation)).toBe(true);
    const dave = await w.socketFor(w.dave);
    tellPresence(live, fbConversation, false);
    await sleep(300);
    expect(dave.events.filter((e) => e.event === "presence" && (e.payload as { userId: string }).userId === carol.userId)).toEqual([]);
  });

  test("auto-assignment gives a new conversation only to a member who works in its inbox", async () => {
    expect((await onlyZalo()).status).toBe(200);
    await w.socketFor(carol);
    await systemDb().account.update({ where: { id: ACME.id }, data: { autoAssign: true } });
    // Carol (first in turn) and Dave (who works in every inbox) are the ones available.
    await w.socketFor(w.dave);
    await systemDb().membership.updateMany({ where: { accountId: ACME.id, userId: { notIn: [carol.userId, w.dave.userId] } }, data: { availability: "away" } });
    await systemDb().membership.updateMany({ where: { accountId: ACME.id, userId: carol.userId }, data: { lastAutoAssignedAt: null } });
    await systemDb().membership.updateMany({ where: { accountId: ACME.id, userId: w.dave.userId }, data: { lastAutoAssignedAt: new Date() } });
    try {
      const from = `93${Date.now()}`.slice(0, 16);
      expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "auto fb", mid: `access-auto-${n++}` }, FB_SECRET).body)).status).toBe(200);
      const zaloFrom = `84${Date.now()}`.slice(0, 16);
      const req = buildZaloWebhook({ to: ACME.zalo.oaId, from: zaloFrom, text: "auto zalo", mid: `access-auto-${n++}` }, ACME.zalo);
      expect((await postZalo(req.body, req.headers["x-zevent-signature"]!)).status).toBe(200);
      await settleBackground();
      // Facebook passes Carol by (she does not work there) and goes to Dave; Zalo is then Carol's turn.
      expect((await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } })).assigneeId).toBe(w.dave.userId);
      expect((await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: zaloFrom } } })).assigneeId).toBe(carol.userId);
    } finally {
      await systemDb().account.update({ where: { id: ACME.id }, data: { autoAssign: false } });
      await systemDb().membership.updateMany({ where: { accountId: ACME.id }, data: { availability: "online" } });
    }
  });

  test("the periodic re-check closes a socket whose inbox rooms are not what the database says (a lost broadcast)", async () => {
    const live = await w.socketFor(carol);
    const io = getIo()!;
    expect(await recheckInboxRooms(io)).toBe(0);
    // Written behind the service's back, as if the room change never reached this node.
    const m = await systemDb().membership.findFirstOrThrow({ where: { accountId: ACME.id, userId: carol.userId } });
    await systemDb().inboxAccess.create({ data: { membershipId: m.id, accountId: ACME.id, integrationId: zalo } });
    await systemDb().membership.update({ where: { id: m.id }, data: { allInboxes: false } });
    expect(await recheckInboxRooms(io)).toBeGreaterThan(0);
    await eventually(() => !live.socket.connected, 1000, "stale socket closed");
  });
});
