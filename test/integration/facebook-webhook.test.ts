import { describe, expect, test } from "vitest";
import { GET as channelWebhookGet } from "@/app/webhooks/[channel]/route";
import { forChannel } from "../support/channel-route";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { counts, databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { ACME, GLOBEX, call, useWorld } from "../support/world";
import { FB_SECRET, fixture, postFacebook } from "../support/webhooks";
import { captureLogs } from "../support/logs";

const facebookGet = forChannel(channelWebhookGet, "facebook");

describe.each(databaseKinds())("Facebook webhook on %s", (kind) => {
  const w = useWorld(kind);

  test("verification GET answers the challenge only for the right token", async () => {
    const ok = await call(facebookGet, { path: "/webhooks/facebook?hub.mode=subscribe&hub.verify_token=demo-verify-token&hub.challenge=1158201444" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const bad = await call(facebookGet, { path: "/webhooks/facebook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444" });
    expect(bad.status).toBe(403);
  });

  test("a message reaches the owning account's sockets, after commit, and nobody else's", async () => {
    const [alice, carol, bob] = [await w.socketFor(w.alice), await w.socketFor(w.carol), await w.socketFor(w.bob)];
    const raw = fixture("facebook/text.json");
    const res = await postFacebook(raw);
    expect(res.status).toBe(200);
    // Answered after commit: the row is there the moment the 200 is.
    const stored = await systemDb().message.findFirstOrThrow({ where: { externalId: "m_fixture_text_1" } });
    expect(stored).toMatchObject({ accountId: ACME.id, direction: "inbound", text: "Hello, do you deliver on Sundays?" });
    for (const agent of [alice, carol]) {
      await eventually(() => agent.events.some((e) => e.event === "new-message"), 2000, "new-message");
      await eventually(() => agent.events.some((e) => e.event === "update-conversation"), 2000, "update-conversation");
    }
    const newMessage = alice.events.find((e) => e.event === "new-message")!.payload as { conversationId: string; message: { id: string; text: string } };
    expect(newMessage.message).toMatchObject({ id: stored.id, text: "Hello, do you deliver on Sundays?", direction: "inbound", externalId: "m_fixture_text_1" });
    const update = alice.events.find((e) => e.event === "update-conversation")!.payload as { conversation: Record<string, unknown> };
    expect(update.conversation).toMatchObject({ channel: "facebook", lastMessagePreview: "Hello, do you deliver on Sundays?", unreadCount: 1, status: "open" });
    await sleep(200);
    expect(bob.events).toEqual([]);
  });

  test("a repeated mid is stored once and emitted once", async () => {
    const alice = await w.socketFor(w.alice);
    const raw = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000000042", text: "twice", mid: "m_dup_1" }, FB_SECRET);
    const before = await counts();
    const [a, b] = await Promise.all([postFacebook(raw.body), postFacebook(raw.body)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await postFacebook(raw.body)).status).toBe(200);
    const after = await counts();
    expect(after.messages - before.messages).toBe(1);
    expect(after.conversations - before.conversations).toBe(1);
    await sleep(300);
    expect(alice.events.filter((e) => e.event === "new-message")).toHaveLength(1);
  });

  test("no signature, a wrong one, or one for another body: 401 and nothing stored", async () => {
    const raw = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000000043", text: "forged" }, FB_SECRET).body;
    const before = await counts();
    expect((await postFacebook(raw, null)).status).toBe(401);
    expect((await postFacebook(raw, "sha256=" + "0".repeat(64))).status).toBe(401);
    expect((await postFacebook(raw, "sha1=abc")).status).toBe(401);
    const other = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "1", text: "other" }, FB_SECRET);
    expect((await postFacebook(raw, other.headers["x-hub-signature-256"]!)).status).toBe(401);
    const wrongSecret = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "1", text: "x" }, "not-the-secret");
    expect((await postFacebook(wrongSecret.body, wrongSecret.headers["x-hub-signature-256"]!)).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  test("malformed JSON or a wrong shape: 400 and nothing stored; an oversized body: 413", async () => {
    const before = await counts();
    const malformed = await postFacebook('{"object":"page","entry":[');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "bad_request" } });
    expect((await postFacebook(JSON.stringify({ object: "user", entry: [] }))).status).toBe(400);
    expect((await postFacebook(JSON.stringify({ object: "page", entry: {} }))).status).toBe(400);
    const huge = JSON.stringify({ object: "page", entry: [], pad: "x".repeat(1024 * 1024) });
    const tooBig = await postFacebook(huge);
    expect(tooBig.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  test("a batch mixing malformed and unknown items with valid ones: 200, the valid ones stored, the others counted and logged without their body", async () => {
    const logs = captureLogs();
    try {
      const mixed = JSON.parse(fixture("facebook/batch.json").replaceAll("m_fixture_batch_", "m_mixed_batch_")) as { entry: unknown[] };
      const first = mixed.entry[0] as { messaging: unknown[] };
      first.messaging.push(
        { sender: { id: "7100000000000901" }, recipient: { id: ACME.facebook.pageId }, message: { mid: 42, text: "secret words" } },
        { sender: {}, recipient: { id: ACME.facebook.pageId }, message: { text: "no mid, no sender" } },
        { sender: { id: "7100000000000902" }, recipient: { id: ACME.facebook.pageId }, timestamp: Date.now(), game_play: { score: 99 } },
      );
      mixed.entry.push({ time: Date.now(), messaging: [] }, "not an entry");
      const alice = await w.socketFor(w.alice);
      const res = await postFacebook(JSON.stringify(mixed));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, stored: 3, skipped: 5 });
      const stored = await systemDb().message.findMany({ where: { externalId: { startsWith: "m_mixed_batch_" } } });
      expect(stored).toHaveLength(3);
      await eventually(() => alice.events.filter((e) => e.event === "new-message").length === 2, 2000, "alice's two");
      await sleep(20);
      const skipped = logs.lines.filter((l) => l.msg === "webhook item skipped");
      expect(skipped.map((l) => [l.kind, l.externalId])).toEqual(
        expect.arrayContaining([
          ["message", ACME.facebook.pageId],
          ["game_play", ACME.facebook.pageId],
          ["entry", null],
        ]),
      );
      expect(skipped.find((l) => l.kind === "game_play")).toMatchObject({ level: 40, channel: "facebook", reason: "unhandled kind" });
      expect(JSON.stringify(logs.lines)).not.toContain("secret words");
    } finally {
      logs.stop();
    }
  });

  test("an unknown page is answered 200 and ignored", async () => {
    const before = await counts();
    const raw = buildFacebookWebhook({ to: "999999999999999", from: "7100000000000044", text: "to nobody" }, FB_SECRET).body;
    const res = await postFacebook(raw);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 0, ignored: 1 });
    expect(await counts()).toEqual(before);
  });

  test("attachments are stored as typed records with their URLs; stickers are recognised", async () => {
    expect((await postFacebook(fixture("facebook/attachments.json"))).status).toBe(200);
    const withFiles = await systemDb().message.findFirstOrThrow({ where: { externalId: "m_fixture_attach_1" }, include: { attachments: true } });
    expect(withFiles.attachments.map((a) => [a.type, a.url]).sort()).toEqual(
      [
        ["audio", "https://cdn.example/voice.mp4"],
        ["file", "https://cdn.example/invoice.pdf"],
        ["image", "https://scontent.example/photo.jpg"],
        ["video", "https://cdn.example/clip.mp4"],
      ].sort(),
    );
    const sticker = await systemDb().message.findFirstOrThrow({ where: { externalId: "m_fixture_sticker_1" }, include: { attachments: true } });
    expect(sticker.attachments).toMatchObject([{ type: "sticker", url: "https://scontent.example/sticker.png" }]);
    const conversation = await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: "7100000000000002" } } });
    expect(conversation.lastMessagePreview).toBe("Sticker");
  });

  test("postbacks are stored as inbound messages with their title", async () => {
    expect((await postFacebook(fixture("facebook/postback.json"))).status).toBe(200);
    const m = await systemDb().message.findFirstOrThrow({ where: { externalId: "m_fixture_postback_1" } });
    expect(m).toMatchObject({ direction: "inbound", text: "Get Started" });
  });

  test("an echo we did not send is stored as outbound; delivery and read move it forward", async () => {
    expect((await postFacebook(fixture("facebook/text.json"))).status).toBe(200);
    expect((await postFacebook(fixture("facebook/echo.json"))).status).toBe(200);
    const echo = await systemDb().message.findFirstOrThrow({ where: { externalId: "m_fixture_echo_1" } });
    expect(echo).toMatchObject({ direction: "outbound", status: "sent", text: "Replied from the Page inbox" });
    const alice = await w.socketFor(w.alice);
    expect((await postFacebook(fixture("facebook/delivery.json"))).status).toBe(200);
    expect((await systemDb().message.findUniqueOrThrow({ where: { id: echo.id } })).status).toBe("delivered");
    await eventually(() => alice.events.some((e) => e.event === "update-message"), 2000, "update-message");
    expect((await postFacebook(fixture("facebook/read.json"))).status).toBe(200);
    expect((await systemDb().message.findUniqueOrThrow({ where: { id: echo.id } })).status).toBe("read");
    // A late delivery receipt never moves a read message back.
    expect((await postFacebook(fixture("facebook/delivery.json"))).status).toBe(200);
    expect((await systemDb().message.findUniqueOrThrow({ where: { id: echo.id } })).status).toBe("read");
  });

  test("a batch of several entries and items is handled item by item, each page to its own account", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    expect((await postFacebook(fixture("facebook/batch.json"))).status).toBe(200);
    const stored = await systemDb().message.findMany({ where: { externalId: { startsWith: "m_fixture_batch_" } }, orderBy: { externalId: "asc" } });
    expect(stored.map((m) => [m.externalId, m.accountId])).toEqual([
      ["m_fixture_batch_1", ACME.id],
      ["m_fixture_batch_2", ACME.id],
      ["m_fixture_batch_3", GLOBEX.id],
    ]);
    await eventually(() => alice.events.filter((e) => e.event === "new-message").length === 2, 2000, "alice's two");
    await eventually(() => bob.events.filter((e) => e.event === "new-message").length === 1, 2000, "bob's one");
    const bobTexts = bob.events.filter((e) => e.event === "new-message").map((e) => (e.payload as { message: { text: string } }).message.text);
    expect(bobTexts).toEqual(["for globex"]);
  });

  test("a new contact's name is fetched once from the Graph API, without delaying the answer", async () => {
    w.platform.profiles.set("7100000000000077", { first_name: "Thu", last_name: "Ha", profile_pic: "https://pic.example/thu.jpg" });
    const alice = await w.socketFor(w.alice);
    const raw = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000000077", text: "hi" }, FB_SECRET).body;
    expect((await postFacebook(raw)).status).toBe(200);
    await settleBackground();
    const contact = await systemDb().contact.findFirstOrThrow({ where: { externalId: "7100000000000077" } });
    // The picture is off the media allow-list: never stored as a platform URL, initials instead (issue 15).
    expect(contact).toMatchObject({ name: "Thu Ha", avatarUrl: null });
    await eventually(
      () => alice.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: { contact: { name: string } } }).conversation.contact.name === "Thu Ha"),
      2000,
      "renamed conversation",
    );
    const lookups = () => w.platform.calls.filter((c) => c.method === "GET" && c.path === "/7100000000000077");
    expect(lookups()).toHaveLength(1);
    expect(lookups()[0]!.query).toMatchObject({ fields: "first_name,last_name,profile_pic", access_token: ACME.facebook.token });
    const again = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000000077", text: "again" }, FB_SECRET).body;
    expect((await postFacebook(again)).status).toBe(200);
    await settleBackground();
    expect(lookups()).toHaveLength(1);
  });

  test("a refused profile lookup keeps a readable fallback name", async () => {
    const raw = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000005678", text: "hi" }, FB_SECRET).body;
    expect((await postFacebook(raw)).status).toBe(200);
    await settleBackground();
    const contact = await systemDb().contact.findFirstOrThrow({ where: { externalId: "7100000000005678" } });
    expect(contact.name).toBe("Facebook user 5678");
    expect(contact.profileFetchedAt).not.toBeNull();
    expect(w.platform.violations).toEqual([]);
  });

  test("a message stamped in 2286 is stored at the time it arrived: it pins no conversation to the top", async () => {
    const future = Date.UTC(2286, 0, 1);
    const sent = Date.now();
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000002286", text: "from the future", timestamp: future }, FB_SECRET).body)).status).toBe(200);
    const m = await systemDb().message.findFirstOrThrow({ where: { text: "from the future" }, include: { conversation: true } });
    expect(m.createdAt.getTime()).toBeGreaterThanOrEqual(sent);
    expect(m.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(m.conversation.lastMessageAt.getTime()).toBeLessThanOrEqual(Date.now());
    // Later messages still move the conversations: the next one becomes its preview, another contact's goes above it.
    await sleep(5);
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000002286", text: "back to now" }, FB_SECRET).body)).status).toBe(200);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: m.conversationId } })).lastMessagePreview).toBe("back to now");
    await sleep(5);
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7100000000002287", text: "someone else" }, FB_SECRET).body)).status).toBe(200);
    const top = await systemDb().conversation.findFirstOrThrow({ where: { accountId: ACME.id }, orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }], include: { contact: true } });
    expect(top.contact.externalId).toBe("7100000000002287");
  });

  test("51 attachments, javascript: and data: URLs: 200, stored with 10, unsafe URLs not kept", async () => {
    const attachments = [
      { type: "image", payload: { url: "javascript:alert(document.cookie)" } },
      { type: "file", payload: { url: "data:text/html,<script>alert(1)</script>" } },
      ...Array.from({ length: 49 }, (_, i) => ({ type: "image", payload: { url: `https://scontent.example/${i}.jpg` } })),
    ];
    const body = JSON.stringify({ object: "page", entry: [{ id: ACME.facebook.pageId, time: Date.now(), messaging: [{ sender: { id: "7100000000000051" }, recipient: { id: ACME.facebook.pageId }, timestamp: Date.now(), message: { mid: "m_caps_1", attachments } }] }] });
    expect((await postFacebook(body)).status).toBe(200);
    const m = await systemDb().message.findFirstOrThrow({ where: { externalId: "m_caps_1" }, include: { attachments: true } });
    expect(m.attachments).toHaveLength(10);
    expect(m.attachments.filter((a) => a.url === null).map((a) => a.type).sort()).toEqual(["file", "image"]);
    expect(m.attachments.filter((a) => a.url !== null).every((a) => a.url!.startsWith("https://scontent.example/"))).toBe(true);
  });
  test("batches naming the same customers in opposite orders, at once: every message stored once, no 500", async () => {
    // Meta batches several senders into one delivery in any order; the rows must be locked in one order.
    const item = (from: string, mid: string) => ({ sender: { id: from }, recipient: { id: ACME.facebook.pageId }, timestamp: Date.now(), message: { mid, text: mid } });
    const batch = (order: string[], round: number) =>
      JSON.stringify({ object: "page", entry: [{ id: ACME.facebook.pageId, time: Date.now(), messaging: order.map((from) => item(from, `m_order_${round}_${from}`)) }] });
    const senders = ["7800000000000101", "7800000000000102", "7800000000000103"];
    const posts = Array.from({ length: 10 }, (_, round) => postFacebook(batch(round % 2 ? [...senders].reverse() : senders, round)));
    expect((await Promise.all(posts)).map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await systemDb().message.count({ where: { externalId: { startsWith: "m_order_" } } })).toBe(30);
    expect(await systemDb().conversation.count({ where: { contact: { externalId: { in: senders } } } })).toBe(3);
  });
});
