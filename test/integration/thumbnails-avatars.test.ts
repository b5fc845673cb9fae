import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import jpeg from "jpeg-js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GET as download } from "@/app/api/files/[fileId]/route";
import { POST as upload } from "@/app/api/files/route";
import { buildFacebookWebhook, buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { signFacebookBody } from "@/lib/channels/facebook/verify-signature";
import { systemDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { settleBackground } from "@/lib/inbox/run-in-background";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import type { FileDto } from "@/lib/shared/file-dto";
import { databaseKinds } from "../support/test-db";
import { AVATAR_JPEG, BOMB_PNG, CORRUPT_JPEG, PHOTO_JPEG, startFakeMediaHost, type FakeMediaHost } from "../support/fake-media-host";
import { eventually } from "../support/realtime-harness";
import { ACME, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook, postZalo } from "../support/webhooks";

// Issue 15, the last two points: images get a thumbnail in the file store (uploads and inbound
// downloads alike), served at ?size=thumb to the owning account only; contacts' profile pictures
// are downloaded by the guarded fetcher, so Contact.avatarUrl is the app's own /api/files/<id>.
// The fake CDN is "localhost" on 127.0.0.1 (the test-only loopback switch lets the fetcher reach it).
process.env.MEDIA_HOSTS = "localhost";
process.env.MEDIA_ALLOW_LOOPBACK = "1";
// Generous: the codecs of a parallel test file may hold the CPU.
process.env.MEDIA_TIMEOUT_MS = "15000";
// A file store of its own: files.test.ts counts the files on disk around refused uploads.
process.env.FILES_DIR = path.join(os.tmpdir(), `inbox-test-thumbs-${process.pid}`);
process.env.MEDIA_MAX_ATTEMPTS = "1";

let host: FakeMediaHost;
beforeAll(async () => {
  host = await startFakeMediaHost();
  resetEnvForTests();
});
afterAll(async () => {
  await settleBackground();
  await host.close();
  await rm(process.env.FILES_DIR!, { recursive: true, force: true });
});

const acmeOa = { appId: ACME.zalo.appId, secretKey: ACME.zalo.secretKey };
const idOf = (url: string) => url.split("/").pop()!.split("?")[0]!;

describe.each(databaseKinds())("thumbnails and avatars on %s", (kind) => {
  const w = useWorld(kind);
  const put = async (bytes: Buffer, name: string) => {
    const res = await call(upload, { path: `/api/files?name=${encodeURIComponent(name)}`, method: "POST", body: bytes, cookie: w.alice.cookie, headers: { "content-type": "application/octet-stream" } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { file: FileDto }).file;
  };
  const get = (id: string, query: string, cookie: string, headers?: Record<string, string>) => call(download, { path: `/api/files/${id}${query}`, cookie, params: { fileId: id }, headers });

  test("an uploaded photo gets a 480×360 JPEG thumbnail linked to it; ?size=thumb serves it to the account, safely, and 404s for another account", async () => {
    const file = await put(PHOTO_JPEG, "holiday.jpg");
    await settleBackground();
    const thumb = await systemDb().storedFile.findFirstOrThrow({ where: { thumbnailOfId: file.id } });
    expect(thumb).toMatchObject({ accountId: ACME.id, source: "upload", mime: "image/jpeg", name: "holiday-thumbnail.jpg", uploadedById: w.alice.userId });

    const served = await get(file.id, "?size=thumb", w.carol.cookie);
    expect(served.status).toBe(200);
    const bytes = Buffer.from(await served.arrayBuffer());
    const decoded = jpeg.decode(bytes);
    expect([decoded.width, decoded.height, bytes.length]).toEqual([480, 360, thumb.size]);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(served.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(served.headers.get("content-disposition")).toBe("inline; filename*=UTF-8''holiday-thumbnail.jpg");
    expect(served.headers.get("cache-control")).toBe("private, max-age=86400, immutable");
    // Without ?size the original, byte for byte.
    expect(Buffer.from(await (await get(file.id, "", w.alice.cookie)).arrayBuffer()).equals(PHOTO_JPEG)).toBe(true);

    // Another account: 404 for the original's id with ?size=thumb, and for the thumbnail's own id.
    expect((await get(file.id, "?size=thumb", w.bob.cookie)).status).toBe(404);
    expect((await get(thumb.id, "", w.bob.cookie)).status).toBe(404);
    expect((await get(thumb.id, "?size=thumb", w.bob.cookie)).status).toBe(404);
    expect((await get(file.id, "?size=huge", w.alice.cookie)).status).toBe(400);
    // A revalidation with the same bytes is a 304.
    const etag = served.headers.get("etag")!;
    expect((await get(file.id, "?size=thumb", w.alice.cookie, { "if-none-match": etag })).status).toBe(304);
  });

  test("a decompression bomb and a corrupt JPEG are stored (201) without a thumbnail: ?size=thumb serves the original, asked again each time", async () => {
    const files = await systemDb().storedFile.count();
    const bomb = await put(BOMB_PNG, "bomb.png");
    const corrupt = await put(CORRUPT_JPEG, "broken.jpg");
    await settleBackground();
    expect(await systemDb().storedFile.count()).toBe(files + 2);
    expect(await systemDb().storedFile.count({ where: { thumbnailOfId: { in: [bomb.id, corrupt.id] } } })).toBe(0);
    const served = await get(bomb.id, "?size=thumb", w.alice.cookie);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(BOMB_PNG)).toBe(true);
    expect(served.headers.get("cache-control")).toBe("private, no-cache");
    expect((await get(bomb.id, "?size=thumb", w.bob.cookie)).status).toBe(404);
  });

  test("an inbound photo is kept with its thumbnail before the thread is told; another account gets 404 for both", async () => {
    const alice = await w.socketFor(w.alice);
    const mid = `m_thumb_${kind}_${Date.now()}`;
    const body = JSON.stringify({
      object: "page",
      entry: [{ id: ACME.facebook.pageId, time: Date.now(), messaging: [{ sender: { id: "7300000000000001" }, recipient: { id: ACME.facebook.pageId }, timestamp: Date.now(), message: { mid, attachments: [{ type: "image", payload: { url: `${host.url}/photo/${mid}.jpg` } }] } }] }],
    });
    expect((await postFacebook(body, signFacebookBody(body, FB_SECRET))).status).toBe(200);
    await eventually(
      () => alice.events.some((e) => e.event === "update-message" && (e.payload as { message: MessageDto }).message.externalId === mid),
      10_000,
      "stored copy announced",
    );
    const live = alice.events.find((e) => e.event === "update-message" && (e.payload as { message: MessageDto }).message.externalId === mid)!.payload as { message: MessageDto };
    const url = live.message.attachments[0]!.url!;
    expect(url).toMatch(/^\/api\/files\/[a-z0-9]+$/);
    // Already there when the thread hears of the stored copy.
    const thumb = await systemDb().storedFile.findFirstOrThrow({ where: { thumbnailOfId: idOf(url) } });
    expect(thumb).toMatchObject({ accountId: ACME.id, source: "inbound", mime: "image/jpeg" });
    const served = await get(idOf(url), "?size=thumb", w.carol.cookie);
    expect(served.status).toBe(200);
    expect(jpeg.decode(Buffer.from(await served.arrayBuffer())).width).toBe(480);
    expect((await get(idOf(url), "?size=thumb", w.bob.cookie)).status).toBe(404);
    expect((await get(thumb.id, "", w.bob.cookie)).status).toBe(404);
  });

  test("a Messenger contact's profile picture is downloaded into the file store: avatarUrl is the app's URL, live, and 404 for another account", async () => {
    const alice = await w.socketFor(w.alice);
    const psid = `74${Date.now() % 1e12}`;
    w.platform.profiles.set(psid, { first_name: "Mai", last_name: "Tran", profile_pic: `${host.url}/avatar/${psid}.jpg` });
    const before = host.hits.length;
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: psid, text: "hello" }, FB_SECRET).body)).status).toBe(200);
    await settleBackground();
    expect(host.hits.slice(before)).toEqual([`/avatar/${psid}.jpg`]);
    const contact = await systemDb().contact.findFirstOrThrow({ where: { externalId: psid } });
    expect(contact.name).toBe("Mai Tran");
    expect(contact.avatarUrl).toMatch(/^\/api\/files\/[a-z0-9]+$/);
    const file = await systemDb().storedFile.findUniqueOrThrow({ where: { id: idOf(contact.avatarUrl!) } });
    expect(file).toMatchObject({ accountId: ACME.id, source: "avatar", mime: "image/jpeg", size: AVATAR_JPEG.length });
    const served = await get(file.id, "?size=thumb", w.carol.cookie);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(AVATAR_JPEG)).toBe(true); // small enough: no thumbnail
    expect((await get(file.id, "", w.bob.cookie)).status).toBe(404);
    expect((await get(file.id, "?size=thumb", w.bob.cookie)).status).toBe(404);
    await eventually(
      () => alice.events.some((e) => e.event === "update-conversation" && (e.payload as { conversation: ConversationDto }).conversation.contact.avatarUrl === contact.avatarUrl),
      3000,
      "conversation with the app's avatar URL",
    );
    // No platform URL anywhere the browser hears.
    expect(JSON.stringify(alice.events)).not.toContain(host.url);
  });

  test("a Zalo user's avatar too; a refused, off-list, wrong-typed or expired picture leaves initials (avatarUrl null), the name kept, no error", async () => {
    const ids = { ok: `81${Date.now() % 1e12}`, html: `82${Date.now() % 1e12}`, offList: `83${Date.now() % 1e12}`, loopback: `84${Date.now() % 1e12}`, gone: `85${Date.now() % 1e12}` };
    const pics: Record<keyof typeof ids, string> = {
      ok: `${host.url}/avatar/zalo-${ids.ok}.jpg`,
      html: `${host.url}/avatar-html.jpg`,
      offList: "https://tracker.example/avatar.jpg",
      loopback: `${host.url}/to-loopback.png`,
      gone: `${host.url}/avatar/gone-${ids.gone}.jpg`,
    };
    for (const k of Object.keys(ids) as (keyof typeof ids)[]) w.platform.profiles.set(ids[k], { display_name: `Zalo ${k}`, avatar: pics[k] });
    const files = await systemDb().storedFile.count();
    for (const k of Object.keys(ids) as (keyof typeof ids)[]) {
      const req = buildZaloWebhook({ to: ACME.zalo.oaId, from: ids[k], text: "xin chào" }, acmeOa);
      expect((await postZalo(req.body, req.headers["x-zevent-signature"]!)).status).toBe(200);
    }
    await settleBackground();
    const contacts = await systemDb().contact.findMany({ where: { externalId: { in: Object.values(ids) } } });
    const by = (k: keyof typeof ids) => contacts.find((c) => c.externalId === ids[k])!;
    expect(by("ok").avatarUrl).toMatch(/^\/api\/files\/[a-z0-9]+$/);
    for (const k of ["html", "offList", "loopback", "gone"] as const) expect([k, by(k).name, by(k).avatarUrl]).toEqual([k, `Zalo ${k}`, null]);
    // Only the good picture was kept; the loopback redirect's target was never requested.
    expect(await systemDb().storedFile.count()).toBe(files + 1);
    expect(host.hits).not.toContain("/img/loop.png");
    expect((await get(idOf(by("ok").avatarUrl!), "", w.alice.cookie)).status).toBe(200);
    expect((await get(idOf(by("ok").avatarUrl!), "", w.bob.cookie)).status).toBe(404);
  });
});
