import { describe, expect, test } from "vitest";
import { GET as integrationEvents } from "@/app/api/account/integration-events/route";
import { GET as messagesGet } from "@/app/api/conversations/[id]/messages/route";
import { systemDb } from "@/lib/db";
import type { MessageDto } from "@/lib/shared/dto";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { databaseKinds } from "../support/test-db";
import { eventually, sleep, type TestClient } from "../support/realtime-harness";
import { ACME, GLOBEX, call, useWorld } from "../support/world";
import { fixture, postFacebook, postZalo, restamp, zaloSignature } from "../support/webhooks";

// Every customer message kind both platforms send (issue 11), each fixture posted signed
// through the real route: what is stored, and what the owning account's sockets are told.

const acmeOa = { appId: ACME.zalo.appId, secretKey: ACME.zalo.secretKey };

async function fb(name: string): Promise<Record<string, unknown>> {
  const res = await postFacebook(fixture(`facebook/${name}.json`));
  expect(res.status, name).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function zalo(name: string): Promise<Record<string, unknown>> {
  const raw = restamp(fixture(`zalo/${name}.json`));
  const res = await postZalo(raw, zaloSignature(raw, acmeOa));
  expect(res.status, name).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

type Emitted = { conversationId: string; message: MessageDto };

const emitted = (c: TestClient, event: "new-message" | "update-message") => c.events.filter((e) => e.event === event).map((e) => e.payload as Emitted);

async function emittedFor(c: TestClient, event: "new-message" | "update-message", externalId: string): Promise<MessageDto> {
  await eventually(() => emitted(c, event).some((p) => p.message.externalId === externalId), 2000, `${event} ${externalId}`);
  return emitted(c, event).filter((p) => p.message.externalId === externalId).at(-1)!.message;
}

const byExternalId = (externalId: string) => systemDb().message.findFirstOrThrow({ where: { externalId }, include: { attachments: true, conversation: { include: { contact: true } } } });

describe.each(databaseKinds())("message kinds on %s", (kind) => {
  const w = useWorld(kind);

  test("Messenger location, fallback link, like, quick reply and standby message: stored with what makes them useful, emitted to Acme only", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    for (const name of ["location", "fallback", "quick_reply", "standby", "attachments"]) await fb(name);

    const location = await byExternalId("m_fixture_location_1");
    expect(location.attachments).toMatchObject([{ type: "location", url: "https://www.google.com/maps?q=10.7769,106.7009", name: "Pinned Location", payload: { latitude: 10.7769, longitude: 106.7009 } }]);
    expect((await emittedFor(alice, "new-message", "m_fixture_location_1")).attachments).toEqual([
      { type: "location", url: "https://www.google.com/maps?q=10.7769,106.7009", name: "Pinned Location", coordinates: { latitude: 10.7769, longitude: 106.7009 } },
    ]);
    expect(location.conversation.lastMessagePreview).toBe("📍 Location");

    const fallback = await byExternalId("m_fixture_fallback_1");
    expect(fallback).toMatchObject({ text: "look at this" });
    expect(fallback.attachments).toMatchObject([{ type: "fallback", url: "https://shop.example/menu/spring", name: "Spring menu" }]);

    const quick = await byExternalId("m_fixture_quick_reply_1");
    expect(quick).toMatchObject({ text: "Red", payload: "PICK_RED" });
    expect((await emittedFor(alice, "new-message", "m_fixture_quick_reply_1")).payload).toBe("PICK_RED");

    expect(await byExternalId("m_fixture_standby_1")).toMatchObject({ text: "Is anyone there?", direction: "inbound", accountId: ACME.id });

    const like = await byExternalId("m_fixture_sticker_1");
    expect(like.attachments).toMatchObject([{ type: "sticker", name: "👍 Like", payload: { stickerId: "369239263222822", like: true } }]);
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("a reply links to the earlier message; an edit replaces the text and says so; both announced, stamped, isolated", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    await fb("text");
    const original = await byExternalId("m_fixture_text_1");
    await fb("reply_to");
    const reply = await byExternalId("m_fixture_reply_1");
    expect(reply).toMatchObject({ replyToExternalId: "m_fixture_text_1", replyToId: original.id, conversationId: original.conversationId });
    expect((await emittedFor(alice, "new-message", "m_fixture_reply_1")).replyTo).toEqual({ id: original.id, externalId: "m_fixture_text_1" });

    await fb("message_edit");
    const edited = await byExternalId("m_fixture_text_1");
    expect(edited.text).toBe("Hello, do you deliver on Saturdays?");
    expect(edited.editedAt).not.toBeNull();
    expect(edited.seq).toBeGreaterThan(original.seq);
    const update = await emittedFor(alice, "update-message", "m_fixture_text_1");
    expect(update).toMatchObject({ id: original.id, text: "Hello, do you deliver on Saturdays?", kind: "message" });
    expect(update.editedAt).toBe(edited.editedAt!.toISOString());
    // The reply is the latest message, so the list preview stays the reply's.
    expect(edited.conversation.lastMessagePreview).toBe("Yes, this one");
    // The thread's API shows the same.
    const listed = (await (await call(messagesGet, { path: `/api/conversations/${original.conversationId}/messages`, cookie: w.alice.cookie, params: { id: original.conversationId } })).json()) as { messages: MessageDto[] };
    expect(listed.messages.find((m) => m.id === original.id)).toMatchObject({ editedAt: edited.editedAt!.toISOString(), text: "Hello, do you deliver on Saturdays?" });
    expect(listed.messages.find((m) => m.id === reply.id)?.replyTo).toEqual({ id: original.id, externalId: "m_fixture_text_1" });
    // A redelivered edit changes nothing more, and announces nothing.
    const updates = emitted(alice, "update-message").length;
    await fb("message_edit");
    await sleep(150);
    expect(emitted(alice, "update-message")).toHaveLength(updates);
    expect(bob.events).toEqual([]);
  });

  test("editing the latest message moves the list preview with it, announced", async () => {
    const alice = await w.socketFor(w.alice);
    const at = Date.now();
    const item = (extra: object) => ({ object: "page", entry: [{ id: ACME.facebook.pageId, time: at, messaging: [{ sender: { id: "7100000000000777" }, recipient: { id: ACME.facebook.pageId }, ...extra }] }] });
    expect((await postFacebook(JSON.stringify(item({ timestamp: at - 1000, message: { mid: "m_last_1", text: "typo hree" } })))).status).toBe(200);
    expect((await postFacebook(JSON.stringify(item({ timestamp: at, message_edit: { mid: "m_last_1", text: "typo here", num_edit: 1 } })))).status).toBe(200);
    const m = await byExternalId("m_last_1");
    expect(m.conversation.lastMessagePreview).toBe("typo here");
    await eventually(
      () => alice.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: { lastMessagePreview: string } }).conversation.lastMessagePreview === "typo here"),
      2000,
      "preview update",
    );
  });

  test("reactions show on the message they react to; a withdrawal removes it and a late copy of the reaction does not bring it back", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    await fb("text");
    await fb("echo");
    await fb("reaction");
    const echo = await byExternalId("m_fixture_echo_1");
    expect(echo.reactions).toMatchObject({ customer: { emoji: "❤️" } });
    expect((await emittedFor(alice, "update-message", "m_fixture_echo_1")).reactions).toEqual([{ by: "customer", emoji: "❤️" }]);
    await fb("unreact");
    await eventually(() => emitted(alice, "update-message").at(-1)?.message.reactions?.length === 0, 2000, "withdrawn");
    await fb("reaction");
    const after = await byExternalId("m_fixture_echo_1");
    expect((after.reactions as { customer: { emoji: string | null } }).customer.emoji).toBeNull();
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("postbacks from chat-plugin visitors, referrals and opt-ins: visitors become contacts keyed by user_ref, events become system lines", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    await fb("postback_user_ref");
    const postback = await byExternalId("m_fixture_postback_ref_1");
    expect(postback).toMatchObject({ text: "Get Started", payload: "GET_STARTED", kind: "message", direction: "inbound" });
    expect(postback.conversation.contact.externalId).toBe("user_ref:fixture-user-ref-0001");
    // Documented in seconds, as a string.
    expect(postback.createdAt.getTime()).toBe(1795800105000);
    const line = await byExternalId("referral:m_fixture_postback_ref_1");
    expect(line).toMatchObject({ kind: "system", text: "Came from an m.me link (ref spring-campaign)", conversationId: postback.conversationId });

    await fb("referral");
    const referral = await systemDb().message.findFirstOrThrow({ where: { kind: "system", conversation: { contact: { externalId: "7100000000000106" } } }, include: { conversation: true } });
    expect(referral.text).toBe("Came from an m.me link (ref spring-campaign)");
    // Activity, not something to answer: no unread count.
    expect(referral.conversation.inboundCount).toBe(0);
    expect((await emittedFor(alice, "new-message", referral.externalId!)).kind).toBe("system");

    await fb("optin_checkbox");
    const checkbox = await systemDb().message.findFirstOrThrow({ where: { kind: "system", conversation: { contact: { externalId: "user_ref:fixture-checkbox-ref-0001" } } } });
    expect(checkbox.text).toBe("Opted in through a Messenger plugin (ref checkout-page)");

    await fb("optin_notification");
    const optin = await systemDb().message.findFirstOrThrow({ where: { kind: "system", conversation: { contact: { externalId: "7100000000000108" } } } });
    expect(optin.text).toBe("Opted in to marketing messages “Weekly deals”");
    // The notification token is a credential of the page: never stored.
    expect(JSON.stringify(await systemDb().message.findMany({ select: { text: true, payload: true, externalId: true } }))).not.toContain("fixture-token-not-stored");
    // Visitors known only by a user_ref have no Graph profile: none is asked for.
    await settleBackground();
    expect(w.platform.calls.filter((c) => c.path.includes("user_ref"))).toEqual([]);
    expect(w.platform.violations).toEqual([]);
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("policy enforcement and app roles are recorded against the integration and shown to its admins only", async () => {
    const before = await systemDb().message.count();
    const answer = await fb("policy_enforcement");
    expect(answer).toMatchObject({ ok: true, skipped: 0 });
    await fb("app_roles");
    await fb("policy_enforcement"); // redelivered: stored once
    expect(await systemDb().message.count()).toBe(before);
    const rows = await systemDb().integrationEvent.findMany({ orderBy: { occurredAt: "asc" } });
    expect(rows.map((r) => [r.kind, r.action, r.accountId])).toEqual([
      ["policy_enforcement", "warning", ACME.id],
      ["policy_enforcement", "block", ACME.id],
      ["app_roles", null, ACME.id],
    ]);
    const alice = await call(integrationEvents, { path: "/api/account/integration-events", cookie: w.alice.cookie });
    expect(alice.status).toBe(200);
    const { events } = (await alice.json()) as { events: { kind: string; action: string | null; detail: Record<string, unknown>; channel: string }[] };
    expect(events.map((e) => [e.kind, e.action])).toEqual([
      ["app_roles", null],
      ["policy_enforcement", "block"],
      ["policy_enforcement", "warning"],
    ]);
    expect(events[0]).toMatchObject({ channel: "facebook", detail: { roles: { "123456789": ["primary_receiver"] } } });
    expect(events[1]?.detail.reason).toMatch(/^The bot violated our Platform Policies/);
    // An agent of the account is refused; another account's admin sees none of it; no session is a 401.
    expect((await call(integrationEvents, { path: "/api/account/integration-events", cookie: w.carol.cookie })).status).toBe(403);
    const bob = await call(integrationEvents, { path: "/api/account/integration-events", cookie: w.bob.cookie });
    expect(await bob.json()).toEqual({ events: [] });
    expect((await call(integrationEvents, { path: "/api/account/integration-events" })).status).toBe(401);
  });

  test("Zalo gif, audio, video, business card, quoted reply, product question and shared details are stored and shown", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    for (const name of ["user_send_text", "user_send_gif", "user_send_audio", "user_send_video", "user_send_business_card", "user_send_text_quote", "user_asking_product", "user_submit_info", "user_send_location"]) {
      expect(await zalo(name), name).toMatchObject({ skipped: 0 });
    }
    expect((await byExternalId("zmsg_fixture_gif_1")).attachments).toMatchObject([{ type: "image", url: "https://zalo.example/dance.gif" }]);
    expect((await byExternalId("zmsg_fixture_audio_1")).attachments).toMatchObject([{ type: "audio", url: "https://zalo.example/voice.amr" }]);
    expect((await byExternalId("zmsg_fixture_video_1")).attachments).toMatchObject([{ type: "video", url: "https://zalo.example/clip.mp4", name: "unboxing" }]);
    const card = await byExternalId("zmsg_fixture_card_1");
    expect(card.attachments).toMatchObject([{ type: "link", url: "https://zalo.me/84912345678", name: "📇 Business card · 84912345678", payload: { phone: "84912345678", qrCodeUrl: "https://zalo.example/qr/84912345678.png" } }]);
    const text = await byExternalId("zmsg_fixture_text_1");
    expect(await byExternalId("zmsg_fixture_quote_1")).toMatchObject({ replyToExternalId: "zmsg_fixture_text_1", replyToId: text.id });
    const product = await byExternalId("zmsg_fixture_product_1");
    expect(product).toMatchObject({ text: "Size M còn không shop?", direction: "inbound" });
    expect(product.attachments).toMatchObject([{ type: "link", url: "https://shop.example/item/42", name: "🛍 Asked about Áo thun cotton" }]);
    const info = await systemDb().message.findFirstOrThrow({ where: { kind: "system", conversation: { contact: { externalId: "8100000000000109" } } } });
    expect(info.text).toBe("Shared contact details: Nguyễn Thị Lan · 84912345678 · Đường số 13, Phường Tân Thuận, Thành phố Hồ Chí Minh");
    expect((await emittedFor(alice, "new-message", info.externalId!)).kind).toBe("system");
    const location = await byExternalId("zmsg_fixture_location_1");
    expect(location.attachments).toMatchObject([{ type: "location", url: "https://www.google.com/maps?q=10.7769,106.7009", payload: { latitude: 10.7769, longitude: 106.7009 } }]);
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("Zalo anonymous visitors are contacts of their own", async () => {
    await zalo("anonymous_send_text");
    await zalo("anonymous_send_image");
    const first = await byExternalId("zmsg_fixture_anon_1");
    const second = await byExternalId("zmsg_fixture_anon_2");
    expect(first.conversation.contact.externalId).toBe("anonymous:anon-fixture-visitor-1");
    expect(second.conversationId).toBe(first.conversationId);
    expect(first).toMatchObject({ text: "Shop ơi cho hỏi", accountId: ACME.id });
    expect(second.attachments).toMatchObject([{ type: "image", url: "https://zalo.example/anon.jpg" }]);
    await settleBackground();
    expect(w.platform.calls.filter((c) => (c.query.data ?? "").includes("anon-fixture"))).toEqual([]);
    expect(w.platform.violations).toEqual([]);
  });

  test("Zalo reactions from both sides, received and seen: on the message they concern, announced to Acme only", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    await zalo("user_send_text");
    await zalo("oa_send_text");
    await zalo("user_reacted_message");
    expect((await emittedFor(alice, "update-message", "zmsg_fixture_oa_echo_1")).reactions).toEqual([{ by: "customer", emoji: "❤️" }]);
    await zalo("oa_reacted_message");
    expect((await emittedFor(alice, "update-message", "zmsg_fixture_text_1")).reactions).toEqual([{ by: "business", emoji: "👍" }]);
    await zalo("user_received_message");
    expect((await byExternalId("zmsg_fixture_oa_echo_1")).status).toBe("delivered");
    await eventually(() => emitted(alice, "update-message").some((p) => p.message.externalId === "zmsg_fixture_oa_echo_1" && p.message.status === "delivered"), 2000, "delivered");
    await zalo("user_seen_message");
    expect((await byExternalId("zmsg_fixture_oa_echo_1")).status).toBe("read");
    await eventually(() => emitted(alice, "update-message").some((p) => p.message.externalId === "zmsg_fixture_oa_echo_1" && p.message.status === "read"), 2000, "read");
    // A late receipt never moves it back.
    await zalo("user_received_message");
    expect((await byExternalId("zmsg_fixture_oa_echo_1")).status).toBe("read");
    await sleep(100);
    expect(bob.events).toEqual([]);
  });

  test("edits, reactions, receipts and new messages for the same customers at once, in opposite orders: no deadlock, no 500", async () => {
    const page = ACME.facebook.pageId;
    const customers = ["7300000000000001", "7300000000000002"];
    const at = Date.now() - 10_000;
    const seed = customers.flatMap((c) => [
      { sender: { id: c }, recipient: { id: page }, timestamp: at, message: { mid: `m_race_${c}`, text: "first" } },
      { sender: { id: page }, recipient: { id: c }, timestamp: at + 1, message: { mid: `m_race_echo_${c}`, text: "answer", is_echo: true } },
    ]);
    const wrap = (items: unknown[]) => JSON.stringify({ object: "page", entry: [{ id: page, time: at, messaging: items }] });
    expect((await postFacebook(wrap(seed))).status).toBe(200);
    const round = (r: number) =>
      (r % 2 ? [...customers].reverse() : customers).flatMap((c) => [
        { sender: { id: c }, recipient: { id: page }, timestamp: at + 100 + r, message_edit: { mid: `m_race_${c}`, text: `edit ${r}` } },
        { sender: { id: c }, recipient: { id: page }, timestamp: at + 100 + r, reaction: { action: r % 3 ? "react" : "unreact", emoji: "😮", mid: `m_race_echo_${c}` } },
        { sender: { id: c }, recipient: { id: page }, timestamp: at + 100 + r, read: { watermark: at + 2 } },
        { sender: { id: c }, recipient: { id: page }, timestamp: at + 100 + r, message: { mid: `m_race_${c}_${r}`, text: `more ${r}` } },
      ]);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, r) => postFacebook(wrap(round(r)))));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    for (const c of customers) {
      expect((await byExternalId(`m_race_${c}`)).text).toBe("edit 9");
      expect((await byExternalId(`m_race_echo_${c}`)).status).toBe("read");
    }
    expect(await systemDb().message.count({ where: { externalId: { startsWith: "m_race_7" }, kind: "message", direction: "inbound" } })).toBe(22);
  });

  test("a reaction or edit naming another account's message changes nothing there", async () => {
    // Globex's page gets a message; Acme's page is then sent an edit and a reaction naming its mid.
    const globexPage = GLOBEX.facebook.pageId;
    const body = (messaging: unknown[], page: string) => JSON.stringify({ object: "page", entry: [{ id: page, time: Date.now(), messaging }] });
    const at = Date.now();
    await postFacebook(body([{ sender: { id: "7200000000000001" }, recipient: { id: globexPage }, timestamp: at, message: { mid: "m_globex_private", text: "globex only" } }], globexPage));
    const res = await postFacebook(
      body(
        [
          { sender: { id: "7200000000000001" }, recipient: { id: ACME.facebook.pageId }, timestamp: at + 1, message_edit: { mid: "m_globex_private", text: "hijacked" } },
          { sender: { id: "7200000000000001" }, recipient: { id: ACME.facebook.pageId }, timestamp: at + 2, reaction: { action: "react", emoji: "😈", mid: "m_globex_private" } },
        ],
        ACME.facebook.pageId,
      ),
    );
    expect(res.status).toBe(200);
    expect(await byExternalId("m_globex_private")).toMatchObject({ text: "globex only", editedAt: null, reactions: null, accountId: GLOBEX.id });
  });
});
