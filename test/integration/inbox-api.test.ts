import { describe, expect, test } from "vitest";
import { GET as listConversations } from "@/app/api/conversations/route";
import { GET as listMessages } from "@/app/api/conversations/[id]/messages/route";
import { GET as getConversation } from "@/app/api/conversations/[id]/route";
import { POST as markRead } from "@/app/api/conversations/[id]/read/route";
import { POST as setStatus } from "@/app/api/conversations/[id]/status/route";
import { GET as health } from "@/app/api/health/route";
import { GET as me } from "@/app/api/me/route";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import { unreadFor } from "@/lib/shared/dto";
import { GET as listChangesRoute } from "@/app/api/changes/route";
import { revokeSession } from "@/lib/auth/revoke-session";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { forgedCookie, signIn } from "../support/sessions";
import { ACME, GLOBEX, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";

type List = { conversations: ConversationDto[]; nextCursor: string | null };

async function inbound(page: string, from: string, text: string, timestamp?: number) {
  const res = await postFacebook(buildFacebookWebhook({ to: page, from, text, ...(timestamp ? { timestamp } : {}) }, FB_SECRET).body);
  expect(res.status).toBe(200);
}

describe.each(databaseKinds())("Inbox API on %s", (kind) => {
  const w = useWorld(kind);

  test("no session, a forged cookie or a revoked session: 401 everywhere", async () => {
    for (const cookie of [undefined, await forgedCookie(ACME.id), "next-auth.session-token=garbage"]) {
      const res = await call(listConversations, { path: "/api/conversations", ...(cookie ? { cookie } : {}) });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    const session = await signIn("carol@acme.test");
    expect((await call(listConversations, { path: "/api/conversations", cookie: session.cookie })).status).toBe(200);
    await revokeSession(session.sessionId);
    expect((await call(listConversations, { path: "/api/conversations", cookie: session.cookie })).status).toBe(401);
  });

  test("each account lists only its own conversations, newest activity first", async () => {
    await inbound(ACME.facebook.pageId, "7300000000000001", "acme older", Date.now() - 60_000);
    await inbound(ACME.facebook.pageId, "7300000000000002", "acme newer");
    await inbound(GLOBEX.facebook.pageId, "7300000000000003", "globex only");
    const acme = (await (await call(listConversations, { path: "/api/conversations?status=all", cookie: w.alice.cookie })).json()) as List;
    const globex = (await (await call(listConversations, { path: "/api/conversations?status=all", cookie: w.bob.cookie })).json()) as List;
    const acmeIds = new Set((await systemDb().conversation.findMany({ where: { accountId: ACME.id } })).map((c) => c.id));
    expect(acme.conversations.length).toBe(acmeIds.size);
    expect(acme.conversations.every((c) => acmeIds.has(c.id))).toBe(true);
    expect(globex.conversations.some((c) => acmeIds.has(c.id))).toBe(false);
    expect(globex.conversations.map((c) => c.lastMessagePreview)).toContain("globex only");
    expect(JSON.stringify(globex)).not.toContain("acme");
    const times = acme.conversations.map((c) => c.lastMessageAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(acme.conversations[0]!.lastMessagePreview).toBe("acme newer");
  });

  test("another account's conversation is a 404, exactly like a missing one", async () => {
    const acmeConversation = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id } });
    const foreign = await call(listMessages, { path: `/api/conversations/${acmeConversation.id}/messages`, cookie: w.bob.cookie, params: { id: acmeConversation.id } });
    const missing = await call(listMessages, { path: "/api/conversations/nope/messages", cookie: w.bob.cookie, params: { id: "nope" } });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await foreign.json()).toEqual(await missing.json());
    const bobReads = await call(markRead, { path: `/api/conversations/${acmeConversation.id}/read`, method: "POST", body: {}, cookie: w.bob.cookie, params: { id: acmeConversation.id } });
    expect(bobReads.status).toBe(404);
    const bobResolves = await call(setStatus, { path: `/api/conversations/${acmeConversation.id}/status`, body: { status: "resolved" }, cookie: w.bob.cookie, params: { id: acmeConversation.id } });
    expect(bobResolves.status).toBe(404);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: acmeConversation.id } })).status).toBe("open");
  });

  test("one conversation by id (links to it): the owner's agents get it, another account and no session do not", async () => {
    const c = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id }, include: { contact: true } });
    const get = (cookie?: string) => call(getConversation, { path: `/api/conversations/${c.id}`, ...(cookie ? { cookie } : {}), params: { id: c.id } });
    const mine = await get(w.carol.cookie);
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { conversation: ConversationDto }).conversation).toMatchObject({ id: c.id, contact: { name: c.contact.name } });
    const foreign = await get(w.bob.cookie);
    const missing = await call(getConversation, { path: "/api/conversations/nope", cookie: w.bob.cookie, params: { id: "nope" } });
    expect([foreign.status, missing.status]).toEqual([404, 404]);
    expect(await foreign.json()).toEqual(await missing.json());
    expect((await get()).status).toBe(401);
  });

  test("lists page with nextCursor until null, with no row twice", async () => {
    for (let i = 0; i < 7; i++) await inbound(ACME.facebook.pageId, `74000000000000${10 + i}`, `page me ${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(listConversations, { path: `/api/conversations?status=all&limit=3${cursor ? `&cursor=${cursor}` : ""}`, cookie: w.alice.cookie });
      const body = (await res.json()) as List;
      seen.push(...body.conversations.map((c) => c.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await systemDb().conversation.count({ where: { accountId: ACME.id } }));
    expect((await call(listConversations, { path: "/api/conversations?cursor=not-a-cursor", cookie: w.alice.cookie })).status).toBe(400);
    expect((await call(listConversations, { path: "/api/conversations?limit=100000", cookie: w.alice.cookie })).status).toBe(400);
  });

  test("messages come newest first and page back in time", async () => {
    const from = "7500000000000001";
    for (let i = 0; i < 5; i++) await inbound(ACME.facebook.pageId, from, `msg ${i}`, Date.now() - (5 - i) * 1000);
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
    const first = (await (await call(listMessages, { path: `/api/conversations/${conversation.id}/messages?limit=3`, cookie: w.alice.cookie, params: { id: conversation.id } })).json()) as { messages: MessageDto[]; nextCursor: string };
    expect(first.messages.map((m) => m.text)).toEqual(["msg 4", "msg 3", "msg 2"]);
    const second = (await (await call(listMessages, { path: `/api/conversations/${conversation.id}/messages?limit=3&cursor=${first.nextCursor}`, cookie: w.alice.cookie, params: { id: conversation.id } })).json()) as { messages: MessageDto[]; nextCursor: string | null };
    expect(second.messages.map((m) => m.text)).toEqual(["msg 1", "msg 0"]);
    expect(second.nextCursor).toBeNull();
  });

  test("unread is per agent: Alice reading clears her count only; her other tab learns it live and by catch-up; Globex hears nothing", async () => {
    const [aliceTab, carol, bob] = [await w.socketFor(w.alice), await w.socketFor(w.carol), await w.socketFor(w.bob)];
    const from = "7600000000000001";
    await inbound(ACME.facebook.pageId, from, "unread one");
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } });
    expect(conversation.inboundCount).toBe(1);
    const unreadOf = async (s: typeof w.alice) => {
      const { conversations } = (await (await call(listConversations, { path: "/api/conversations", cookie: s.cookie })).json()) as List;
      return conversations.find((c) => c.id === conversation.id)!.unreadCount;
    };
    expect([await unreadOf(w.alice), await unreadOf(w.carol)]).toEqual([1, 1]);
    const since = (await systemDb().integration.findUniqueOrThrow({ where: { id: conversation.integrationId } })).changeSeq;

    const res = await call(markRead, { path: `/api/conversations/${conversation.id}/read`, method: "POST", body: {}, cookie: w.alice.cookie, params: { id: conversation.id } });
    expect(res.status).toBe(200);
    expect([await unreadOf(w.alice), await unreadOf(w.carol)]).toEqual([0, 1]);
    expect(await systemDb().conversationRead.findMany({ where: { conversationId: conversation.id }, select: { userId: true, readCount: true } })).toEqual([{ userId: w.alice.userId, readCount: 1 }]);
    // The shared event carries everyone's reads; each tab counts its own agent's unread from them.
    const readEvent = async (tab: typeof carol) => {
      let found: ConversationDto | undefined;
      await eventually(() => {
        found = tab.events.map((e) => (e.event === "update-conversation" ? (e.payload as { conversation: ConversationDto }).conversation : null)).find((c) => c?.id === conversation.id && c.reads[w.alice.userId] === 1) ?? undefined;
        return !!found;
      }, 2000, "the read reaches the inbox");
      return found!;
    };
    for (const tab of [aliceTab, carol]) {
      const c = await readEvent(tab);
      expect(unreadFor(c, w.alice.userId)).toBe(0);
      expect(unreadFor(c, w.carol.userId)).toBe(1);
    }
    // A tab of Alice's that was offline catches up: the read is a change of the conversation.
    const { conversations } = (await (await call(listChangesRoute, { path: `/api/changes?since=${conversation.integrationId}:${since}`, cookie: w.alice.cookie })).json()) as { conversations: ConversationDto[] };
    expect(conversations.find((c) => c.id === conversation.id)?.unreadCount).toBe(0);

    // Reading again changes nothing and says nothing.
    const seq = (await systemDb().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).seq;
    await call(markRead, { path: `/api/conversations/${conversation.id}/read`, method: "POST", body: {}, cookie: w.alice.cookie, params: { id: conversation.id } });
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).seq).toBe(seq);

    // The next customer message is unread for both, counted from each one's own read.
    await inbound(ACME.facebook.pageId, from, "and another");
    expect([await unreadOf(w.alice), await unreadOf(w.carol)]).toEqual([1, 2]);
    // Another account cannot mark it (404) nor see anything of it.
    const foreign = await call(markRead, { path: `/api/conversations/${conversation.id}/read`, method: "POST", body: {}, cookie: w.bob.cookie, params: { id: conversation.id } });
    expect(foreign.status).toBe(404);
    expect(await systemDb().conversationRead.count({ where: { userId: w.bob.userId } })).toBe(0);
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("resolving hides it from the open view; a new inbound message reopens it", async () => {
    await inbound(ACME.facebook.pageId, "7700000000000001", "please help");
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: "7700000000000001" } } });
    const bad = await call(setStatus, { path: `/api/conversations/${conversation.id}/status`, body: { status: "closed" }, cookie: w.alice.cookie, params: { id: conversation.id } });
    expect(bad.status).toBe(400);
    expect((await call(setStatus, { path: `/api/conversations/${conversation.id}/status`, body: "{", cookie: w.alice.cookie, params: { id: conversation.id } })).status).toBe(400);
    const ok = await call(setStatus, { path: `/api/conversations/${conversation.id}/status`, body: { status: "resolved" }, cookie: w.alice.cookie, params: { id: conversation.id } });
    expect(ok.status).toBe(200);
    const open = (await (await call(listConversations, { path: "/api/conversations?status=open", cookie: w.alice.cookie })).json()) as List;
    expect(open.conversations.some((c) => c.id === conversation.id)).toBe(false);
    await inbound(ACME.facebook.pageId, "7700000000000001", "still there?");
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe("open");
  });

  test("filters by channel and searches by name or text", async () => {
    const zalo = (await (await call(listConversations, { path: "/api/conversations?status=all&channel=zalo", cookie: w.alice.cookie })).json()) as List;
    expect(zalo.conversations.length).toBeGreaterThan(0);
    expect(zalo.conversations.every((c) => c.channel === "zalo")).toBe(true);
    const byName = (await (await call(listConversations, { path: "/api/conversations?status=all&q=pham", cookie: w.alice.cookie })).json()) as List;
    expect(byName.conversations.map((c) => c.contact.name)).toEqual(["Minh Pham"]);
    // Accents ignored: "minh" is also Lan's "mình" (the search test covers that).
    const byText = (await (await call(listConversations, { path: "/api/conversations?status=all&q=BLUE%20JACKET", cookie: w.alice.cookie })).json()) as List;
    expect(byText.conversations.map((c) => c.contact.name)).toEqual(["Minh Pham"]);
    const bobSearch = (await (await call(listConversations, { path: "/api/conversations?status=all&q=minh", cookie: w.bob.cookie })).json()) as List;
    expect(bobSearch.conversations).toEqual([]);
  });

  test("health reports the database; me names the caller's account", async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok", redis: "off" });
    const mine = await (await call(me, { path: "/api/me", cookie: w.bob.cookie })).json();
    expect(mine).toMatchObject({ account: { id: GLOBEX.id, name: "Globex" }, user: { email: "bob@globex.test" } });
  });

  test("a NUL or control character in q or a cursor is a 400 naming it, never a 500", async () => {
    await inbound(ACME.facebook.pageId, "7500000000000090", "nul probe");
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: "7500000000000090" } } });
    const cursorWith = (id: string) => Buffer.from(JSON.stringify({ at: new Date().toISOString(), id })).toString("base64url");
    const list = (query: string) => call(listConversations, { path: `/api/conversations?${query}`, cookie: w.alice.cookie });
    const messages = (query: string) => call(listMessages, { path: `/api/conversations/${conversation.id}/messages?${query}`, cookie: w.alice.cookie, params: { id: conversation.id } });
    const cases: [Promise<Response>, RegExp][] = [
      [list("q=a%00b"), /q must not contain control characters/],
      [list("q=%00"), /q must not contain control characters/],
      [list("q=bell%07"), /q must not contain control characters/],
      [list("cursor=abc%00def"), /cursor must be a nextCursor value/],
      [list(`cursor=${cursorWith("a\u0000b")}`), /Invalid cursor/],
      [messages("cursor=%00"), /cursor must be a nextCursor value/],
      [messages(`cursor=${cursorWith("x\u0000")}`), /Invalid cursor/],
    ];
    for (const [pending, message] of cases) {
      const res = await pending;
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "bad_request", message: expect.stringMatching(message) as unknown });
    }
    // Ordinary text still searches, Unicode included.
    expect((await list("q=nul%20probe")).status).toBe(200);
    expect((await list("q=ch%C3%A0o")).status).toBe(200);
    const pasted = (await (await list("q=nul%09probe%0A")).json()) as List;
    expect(pasted.conversations.map((c) => c.id)).toEqual([conversation.id]);
  });
});
