import { describe, expect, test } from "vitest";
import { POST as oldPathPost } from "@/app/webhook/route";
import { systemDb } from "@/lib/db";
import { buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { counts, databaseKinds } from "../support/test-db";
import { eventually, sleep } from "../support/realtime-harness";
import { ACME, GLOBEX, useWorld } from "../support/world";
import { fixture, postZalo, restamp, zaloSignature } from "../support/webhooks";
import { captureLogs } from "../support/logs";

const acmeOa = { appId: ACME.zalo.appId, secretKey: ACME.zalo.secretKey };

function signed(name: string) {
  const raw = restamp(fixture(`zalo/${name}.json`));
  return postZalo(raw, zaloSignature(raw, acmeOa));
}

describe.each(databaseKinds())("Zalo webhook on %s", (kind) => {
  const w = useWorld(kind);

  test("user_send_text reaches Acme's sockets only, on the new and the old path", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    expect((await signed("user_send_text")).status).toBe(200);
    const m = await systemDb().message.findFirstOrThrow({ where: { externalId: "zmsg_fixture_text_1" } });
    expect(m).toMatchObject({ accountId: ACME.id, direction: "inbound", text: "Chào shop" });
    await eventually(() => alice.events.some((e) => e.event === "new-message"), 2000, "new-message");
    const old = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000000002", text: "old path" }, acmeOa);
    expect((await postZalo(old.body, old.headers["x-zevent-signature"]!, oldPathPost, "/webhook")).status).toBe(200);
    expect(await systemDb().message.count({ where: { text: "old path", accountId: ACME.id } })).toBe(1);
    await sleep(200);
    expect(bob.events).toEqual([]);
  });

  test("image, file, sticker, link and location events become typed attachments", async () => {
    for (const name of ["user_send_image", "user_send_file", "user_send_sticker", "user_send_link", "user_send_location"]) {
      expect((await signed(name)).status, name).toBe(200);
    }
    const rows = await systemDb().attachment.findMany({ where: { message: { externalId: { startsWith: "zmsg_fixture_" } } }, include: { message: true } });
    const byType = Object.fromEntries(rows.map((a) => [a.type, a]));
    expect(byType.image?.url).toBe("https://zalo.example/photo.jpg");
    expect(byType.file).toMatchObject({ url: "https://zalo.example/order.pdf", name: "order.pdf" });
    expect(byType.sticker?.url).toBe("https://zalo.example/sticker.png");
    expect(byType.link?.url).toBe("https://shop.example/item/42");
    expect(byType.location?.name).toBe("10.7769, 106.7009");
  });

  test("follow and unfollow change the contact, store no message", async () => {
    const before = await counts();
    expect((await signed("follow")).status).toBe(200);
    expect((await systemDb().contact.findFirstOrThrow({ where: { externalId: "8100000000000009" } })).followed).toBe(true);
    expect((await signed("unfollow")).status).toBe(200);
    expect((await systemDb().contact.findFirstOrThrow({ where: { externalId: "8100000000000009" } })).followed).toBe(false);
    expect((await counts()).messages).toBe(before.messages);
  });

  test("an oa_send echo is stored as outbound for the contact it was sent to", async () => {
    expect((await signed("oa_send_text")).status).toBe(200);
    const m = await systemDb().message.findFirstOrThrow({ where: { externalId: "zmsg_fixture_oa_echo_1" }, include: { conversation: { include: { contact: true } } } });
    expect(m).toMatchObject({ direction: "outbound", status: "sent" });
    expect(m.conversation.contact.externalId).toBe("8100000000000001");
  });

  test("a duplicate msg_id is stored and emitted once", async () => {
    const alice = await w.socketFor(w.alice);
    const req = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000000003", text: "dup", mid: "zdup1" }, acmeOa);
    const before = await counts();
    const answers = await Promise.all([1, 2, 3].map(() => postZalo(req.body, req.headers["x-zevent-signature"]!)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect((await counts()).messages - before.messages).toBe(1);
    await sleep(300);
    expect(alice.events.filter((e) => e.event === "new-message")).toHaveLength(1);
  });

  test("a signature made with another OA's key, none, or a tampered body: 401, nothing stored", async () => {
    const before = await counts();
    const req = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000000004", text: "forged" }, acmeOa);
    // Globex shares the app id but not the secret key.
    const withGlobexKey = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000000004", text: "forged" }, { appId: GLOBEX.zalo.appId, secretKey: GLOBEX.zalo.secretKey });
    expect((await postZalo(req.body, null)).status).toBe(401);
    expect((await postZalo(withGlobexKey.body, withGlobexKey.headers["x-zevent-signature"]!)).status).toBe(401);
    expect((await postZalo(req.body.replace("forged", "tampered"), req.headers["x-zevent-signature"]!)).status).toBe(401);
    expect((await postZalo(req.body, "mac=" + "a".repeat(64))).status).toBe(401);
    // The timestamp is part of the mac.
    const shifted = req.body.replace(/"timestamp":"(\d+)"/, (_m, t: string) => `"timestamp":"${Number(t) + 1}"`);
    expect((await postZalo(shifted, req.headers["x-zevent-signature"]!)).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  test("malformed JSON or a wrong envelope: 400; a malformed or unknown event: 200 skipped; unknown OA: 200 ignored; oversized: 413", async () => {
    const before = await counts();
    expect((await postZalo("{not json", "mac=" + "a".repeat(64))).status).toBe(400);
    expect((await postZalo(JSON.stringify({ event_name: "user_send_text", app_id: ACME.zalo.appId }), "mac=" + "a".repeat(64))).status).toBe(400);
    // Signed, with a sound envelope, but the event itself malformed: acknowledged (Zalo would only retry), not stored.
    const logs = captureLogs();
    const bad = JSON.stringify({ event_name: "user_send_text", app_id: ACME.zalo.appId, timestamp: String(Date.now()), sender: { id: "1" }, recipient: { id: ACME.zalo.oaId }, message: { text: "secret no msg_id" } });
    const badRes = await postZalo(bad, zaloSignature(bad, acmeOa));
    expect(badRes.status).toBe(200);
    expect(await badRes.json()).toMatchObject({ stored: 0, skipped: 1 });
    await sleep(20);
    logs.stop();
    expect(logs.lines.find((l) => l.msg === "webhook item skipped")).toMatchObject({ level: 40, channel: "zalo", externalId: ACME.zalo.oaId, kind: "user_send_text", reason: "message.msg_id: invalid_type" });
    expect(JSON.stringify(logs.lines)).not.toContain("secret no msg_id");
    const odd = JSON.stringify({ event_name: "shop_has_order", app_id: ACME.zalo.appId, timestamp: String(Date.now()), oa_id: ACME.zalo.oaId, recipient: { id: ACME.zalo.oaId }, order: { id: 1 } });
    expect(await (await postZalo(odd, zaloSignature(odd, acmeOa))).json()).toMatchObject({ stored: 0, skipped: 1 });
    const unknown = buildZaloWebhook({ to: "299999999999999", from: "1", text: "to nobody" }, acmeOa);
    const res = await postZalo(unknown.body, unknown.headers["x-zevent-signature"]!);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 0, ignored: 1 });
    const huge = JSON.stringify({ event_name: "user_send_text", pad: "x".repeat(1024 * 1024 + 1) });
    expect((await postZalo(huge, "mac=" + "a".repeat(64))).status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  test("a new contact's display name comes from the OA user-detail API with the OA token", async () => {
    w.platform.profiles.set("8100000000000055", { display_name: "Ngọc Anh", avatar: "https://zalo.example/anh.jpg" });
    const req = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000000055", text: "xin chào" }, acmeOa);
    expect((await postZalo(req.body, req.headers["x-zevent-signature"]!)).status).toBe(200);
    await settleBackground();
    expect(await systemDb().contact.findFirstOrThrow({ where: { externalId: "8100000000000055" } })).toMatchObject({ name: "Ngọc Anh", avatarUrl: null }); // off the media allow-list: initials (issue 15)
    const lookup = w.platform.calls.find((c) => c.path === "/v3.0/oa/user/detail" && c.query.data?.includes("8100000000000055"));
    expect(lookup?.headers.access_token).toBe(ACME.zalo.token);
    const unknown = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000009876", text: "hi" }, acmeOa);
    expect((await postZalo(unknown.body, unknown.headers["x-zevent-signature"]!)).status).toBe(200);
    await settleBackground();
    expect((await systemDb().contact.findFirstOrThrow({ where: { externalId: "8100000000009876" } })).name).toBe("Zalo user 9876");
    expect(w.platform.violations).toEqual([]);
  });

  test("a body signed in 2010 or stamped in 2286 is answered 200, stores nothing and is logged without its body", async () => {
    const logs = captureLogs();
    try {
      const before = await counts();
      for (const [at, reason] of [[Date.UTC(2010, 5, 1), "too_old"], [Date.UTC(2286, 0, 1), "in_future"]] as const) {
        const req = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000000070", text: `secret text ${reason}`, timestamp: at }, acmeOa);
        const res = await postZalo(req.body, req.headers["x-zevent-signature"]!);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ stored: 0, ignored: 1 });
        await sleep(20);
        expect(logs.lines.find((l) => l.reason === reason)).toMatchObject({ level: 40, channel: "zalo", externalId: ACME.zalo.oaId, event: "user_send_text", msg: "webhook outside the freshness window ignored" });
      }
      // Nothing stored: no message, no contact, no conversation pinned to the top.
      expect(await counts()).toEqual(before);
      expect(await systemDb().contact.count({ where: { externalId: "8100000000000070" } })).toBe(0);
      expect(JSON.stringify(logs.lines)).not.toContain("secret text");
      // Still signed: a wrong mac on a stale body is a 401 as before.
      const stale = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000000070", text: "x", timestamp: Date.UTC(2010, 5, 1) }, acmeOa);
      expect((await postZalo(stale.body, "mac=" + "b".repeat(64))).status).toBe(401);
    } finally {
      logs.stop();
    }
  });

  test("a timestamp a few minutes ahead (inside the window) is stored at the time it arrived", async () => {
    const sent = Date.now();
    const req = buildZaloWebhook({ to: ACME.zalo.oaId, from: "8100000000000071", text: "from a fast clock", timestamp: sent + 10 * 60_000 }, acmeOa);
    expect((await postZalo(req.body, req.headers["x-zevent-signature"]!)).status).toBe(200);
    const m = await systemDb().message.findFirstOrThrow({ where: { text: "from a fast clock" }, include: { conversation: true } });
    expect(m.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(m.createdAt.getTime()).toBeGreaterThanOrEqual(sent);
    expect(m.conversation.lastMessageAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  test("51 attachments with 4 KB URLs, javascript: and data: URLs, 30,000 characters of text: 200, stored capped", async () => {
    const logs = captureLogs();
    try {
      const attachments = [
        { type: "image", payload: { url: "javascript:alert(document.cookie)", thumbnail: "data:image/png;base64,AAAA" } },
        { type: "file", payload: { url: "data:text/html,<script>alert(1)</script>", name: "n".repeat(3000) } },
        ...Array.from({ length: 48 }, (_, i) => ({ type: "file", payload: { url: `https://zalo.example/${i}/${"u".repeat(4096)}`, name: `f${i}` } })),
        { type: "image", payload: { url: "https://zalo.example/last.jpg" } },
      ];
      const timestamp = String(Date.now());
      const body = JSON.stringify({ app_id: acmeOa.appId, event_name: "user_send_file", timestamp, sender: { id: "8100000000000072" }, recipient: { id: ACME.zalo.oaId }, message: { msg_id: "zmsg_caps_1", text: "t".repeat(30_000), attachments } });
      const res = await postZalo(body, zaloSignature(body, acmeOa));
      expect(res.status).toBe(200);
      const m = await systemDb().message.findFirstOrThrow({ where: { externalId: "zmsg_caps_1" }, include: { attachments: { orderBy: { id: "asc" } } } });
      expect(m.text).toHaveLength(20_000);
      expect(m.attachments).toHaveLength(10);
      // The attachments are kept (the agent sees a file was sent), their unsafe or overlong URLs are not.
      expect(m.attachments.every((a) => a.url === null)).toBe(true);
      expect(m.attachments.map((a) => a.name?.length ?? 0).sort((a, b) => b - a)[0]).toBe(500);
      await sleep(20);
      expect(logs.lines.find((l) => l.msg === "attachments over the cap dropped")).toMatchObject({ channel: "zalo", externalId: ACME.zalo.oaId, messageId: "zmsg_caps_1", attachments: 51, dropped: 41 });
    } finally {
      logs.stop();
    }
  });
});
