import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { POST as channelReply } from "@/app/api/[channel]/conversations/[id]/messages/route";
import { POST as upload } from "@/app/api/files/route";
import { POST as retry } from "@/app/api/conversations/[id]/messages/[messageId]/retry/route";
import { systemDb } from "@/lib/db";
import { buildFacebookWebhook, buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { channelMeta } from "@/lib/channels/metadata";
import type { MessageDto } from "@/lib/inbox/dto";
import type { FileDto } from "@/lib/shared/file-dto";
import { checkOutboundFile, MB } from "@/lib/shared/outbound-attachments";
import { receivedFiles } from "../support/fake-platforms/facebook";
import { sentAttachments } from "../support/fake-platforms/zalo";
import type { FakeFile } from "../support/fake-platforms/types";
import { forChannel } from "../support/channel-route";
import { eventually, sleep } from "../support/realtime-harness";
import { databaseKinds } from "../support/test-db";
import { ACME, GLOBEX, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook, postZalo } from "../support/webhooks";

const facebookSend = forChannel(channelReply, "facebook");
const zaloSend = forChannel(channelReply, "zalo");
const DAY = 24 * 3_600_000;

// Real magic bytes, as a browser would upload them.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const GIF = Buffer.from("R0lGODlhAwACAIAAAP///wAAACH5BAEAAAAALAAAAAADAAIAAAICjF8AOw==", "base64"); // 3×2
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const MP4 = Buffer.concat([Buffer.from("00000018667479706d703432", "hex"), Buffer.alloc(64)]);
const BIG_PNG = Buffer.concat([PNG, Buffer.alloc(1 * MB)]);

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
type ErrorBody = { error: { code: string; message: string; reason?: string; messageId?: string; messageIds?: string[] } };
type Sent = { message: MessageDto; messages: MessageDto[] };

let next = 0;
const userId = (prefix: string) => `${prefix}${Date.now().toString().slice(-9)}${String(next++).padStart(3, "0")}`;

describe.each(databaseKinds())("Attachments out on %s", (kind) => {
  const w = useWorld(kind);

  async function put(bytes: Buffer, name: string, cookie = w.alice.cookie): Promise<FileDto> {
    const res = await call(upload, { path: `/api/files?name=${encodeURIComponent(name)}`, method: "POST", body: bytes, cookie, headers: { "content-type": "application/octet-stream" } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { file: FileDto }).file;
  }
  // Sends and uploads (profile look-ups after a webhook are GETs and run in the background).
  const posts = () => w.platform.sends("facebook").length + w.platform.sends("zalo").length;
  const send = (handler: typeof facebookSend, id: string, body: object, cookie = w.alice.cookie) => call(handler, { path: "/x", body, cookie, params: { id } });

  async function facebookCustomer(ago = 60_000) {
    const from = userId("79");
    const at = Date.now() - ago;
    expect((await postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "send me the brochure", timestamp: at }, FB_SECRET).body)).status).toBe(200);
    return { from, conversation: await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } }) };
  }
  async function zaloCustomer() {
    const from = userId("83");
    const inbound = buildZaloWebhook({ to: ACME.zalo.oaId, from, text: "gửi ảnh giúp mình" }, { appId: ACME.zalo.appId, secretKey: ACME.zalo.secretKey });
    expect((await postZalo(inbound.body, inbound.headers["x-zevent-signature"]!)).status).toBe(200);
    return { from, conversation: await systemDb().conversation.findFirstOrThrow({ where: { contact: { externalId: from } } }) };
  }
  const filePart = (f: FakeFile | undefined) => f && { filename: f.filename, type: f.type, size: f.size, sha256: f.sha256 };

  test("Messenger: the text, then each file uploaded with its own Send API call (multipart, filedata); one row per platform message, shown from the app's URL", async () => {
    const { from, conversation } = await facebookCustomer();
    const [image, pdf] = [await put(PNG, "shirt.png"), await put(PDF, "brochure.pdf")];
    const callsBefore = w.platform.sends("facebook").length;
    const res = await send(facebookSend, conversation.id, { text: "Here you are", attachments: [image.id, pdf.id] });
    expect(res.status).toBe(201);
    const { message, messages } = (await res.json()) as Sent;
    expect(messages.map((m) => [m.text, m.status, m.attachments.map((a) => [a.type, a.url, a.name])])).toEqual([
      ["Here you are", "sent", []],
      ["", "sent", [["image", `/api/files/${image.id}`, "shirt.png"]]],
      ["", "sent", [["file", `/api/files/${pdf.id}`, "brochure.pdf"]]],
    ]);
    expect(message.id).toBe(messages[0]!.id);
    const calls = w.platform.sends("facebook").slice(callsBefore);
    expect(calls).toHaveLength(3);
    expect(calls[0]!.body).toEqual({ recipient: { id: from }, messaging_type: "RESPONSE", message: { text: "Here you are" } });
    for (const [i, [type, bytes, name, mime]] of ([["image", PNG, "shirt.png", "image/png"], ["file", PDF, "brochure.pdf", "application/pdf"]] as const).entries()) {
      const c = calls[i + 1]!;
      expect(String(c.headers["content-type"])).toMatch(/^multipart\/form-data; boundary=/);
      expect(c.query.access_token).toBe(ACME.facebook.token);
      const fields = Object.fromEntries(c.form!.filter((p) => typeof p.value === "string").map((p) => [p.name, p.value as string]));
      expect(fields).toEqual({ recipient: JSON.stringify({ id: from }), messaging_type: "RESPONSE", message: JSON.stringify({ attachment: { type, payload: { is_reusable: false } } }) });
      expect(filePart(c.form!.find((p) => p.name === "filedata")?.value as FakeFile)).toEqual({ filename: name, type: mime, size: bytes.length, sha256: sha(bytes) });
    }
    // Each row carries its own platform id (receipts and echoes find it), the file linked.
    const rows = await systemDb().message.findMany({ where: { id: { in: messages.map((m) => m.id) } }, include: { attachments: true }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.externalId)).toEqual([expect.stringMatching(/^m_/), ...receivedFiles.slice(-2).map((f) => f.messageId)]);
    expect(rows.flatMap((r) => r.attachments.map((a) => a.fileId))).toEqual([image.id, pdf.id]);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).lastMessagePreview).toBe("📎 File");
    expect(w.platform.violations).toEqual([]);
  });

  test("Messenger past 24 h: each attachment is tagged HUMAN_AGENT like a text reply", async () => {
    const { from, conversation } = await facebookCustomer(2 * DAY);
    w.platform.lastInbound.facebook.set(from, Date.now() - 2 * DAY);
    const image = await put(PNG, "late.png");
    expect((await send(facebookSend, conversation.id, { attachments: [image.id] })).status).toBe(201);
    const c = w.platform.sends("facebook").at(-1)!;
    expect(c.form!.filter((p) => typeof p.value === "string").map((p) => [p.name, p.value])).toEqual(
      expect.arrayContaining([["messaging_type", "MESSAGE_TAG"], ["tag", "HUMAN_AGENT"]]),
    );
    expect(w.platform.violations).toEqual([]);
  });

  test("Zalo: an image through /upload/image as a media template, a GIF through /upload/gif with its size, a PDF through /upload/file as a file message", async () => {
    const { from, conversation } = await zaloCustomer();
    const files = [await put(PNG, "anh.png"), await put(GIF, "vui.gif"), await put(PDF, "bao-gia.pdf")];
    const before = w.platform.sends("zalo").length;
    const res = await send(zaloSend, conversation.id, { attachments: files.map((f) => f.id) });
    expect(res.status).toBe(201);
    const { messages } = (await res.json()) as Sent;
    expect(messages.map((m) => [m.status, m.attachments[0]?.type, m.attachments[0]?.url])).toEqual([
      ["sent", "image", `/api/files/${files[0]!.id}`],
      ["sent", "image", `/api/files/${files[1]!.id}`],
      ["sent", "file", `/api/files/${files[2]!.id}`],
    ]);
    const calls = w.platform.sends("zalo").slice(before);
    expect(calls.map((c) => c.path)).toEqual(["/v2.0/oa/upload/image", "/v3.0/oa/message/cs", "/v2.0/oa/upload/gif", "/v3.0/oa/message/cs", "/v2.0/oa/upload/file", "/v3.0/oa/message/cs"]);
    for (const c of calls) expect(c.headers.access_token).toBe(ACME.zalo.token);
    expect(calls.filter((c) => c.path.includes("upload")).map((c) => [c.form!.map((p) => p.name), filePart(c.form![0]!.value as FakeFile)])).toEqual([
      [["file"], { filename: "anh.png", type: "image/png", size: PNG.length, sha256: sha(PNG) }],
      [["file"], { filename: "vui.gif", type: "image/gif", size: GIF.length, sha256: sha(GIF) }],
      [["file"], { filename: "bao-gia.pdf", type: "application/pdf", size: PDF.length, sha256: sha(PDF) }],
    ]);
    const [img, gif, pdf] = [calls[1]!.body, calls[3]!.body, calls[5]!.body] as { message: { attachment: { type: string; payload: Record<string, unknown> } } }[];
    expect(img!.message.attachment).toMatchObject({ type: "template", payload: { template_type: "media", elements: [{ media_type: "image", attachment_id: expect.any(String) as unknown }] } });
    expect(gif!.message.attachment.payload.elements).toEqual([{ media_type: "gif", attachment_id: expect.any(String) as unknown, width: 3, height: 2 }]);
    expect(pdf!.message.attachment).toEqual({ type: "file", payload: { token: expect.any(String) as unknown } });
    expect(sentAttachments.slice(-3).map((s) => [s.userId, s.kind, s.file.sha256])).toEqual([
      [from, "image", sha(PNG)],
      [from, "gif", sha(GIF)],
      [from, "file", sha(PDF)],
    ]);
    expect(w.platform.violations).toEqual([]);
  });

  test("limits are checked before anything is stored or sent: Zalo images over 1 MB, video on Zalo, too many files, nothing at all", async () => {
    const { conversation } = await zaloCustomer();
    const [big, video, ok] = [await put(BIG_PNG, "huge.png"), await put(MP4, "clip.mp4"), await put(PNG, "ok.png")];
    const sendsBefore = posts();
    const messagesBefore = await systemDb().message.count({ where: { conversationId: conversation.id } });
    for (const [ids, pattern] of [
      [[ok.id, big.id], /huge\.png: Zalo accepts jpg and png images up to 1 MB/],
      [[video.id], /clip\.mp4: Zalo cannot send this kind of file/],
    ] as const) {
      const res = await send(zaloSend, conversation.id, { text: "look", attachments: ids });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error).toMatchObject({ code: "bad_request", reason: "attachment_refused" });
      expect(body.error.message).toMatch(pattern);
    }
    const many = await send(zaloSend, conversation.id, { attachments: Array.from({ length: 11 }, () => ok.id) });
    expect(many.status).toBe(400);
    expect((await send(zaloSend, conversation.id, { attachments: [ok.id, ok.id] })).status).toBe(400);
    expect((await send(zaloSend, conversation.id, { text: "  " })).status).toBe(400);
    expect((await send(zaloSend, conversation.id, { attachments: ["../../etc/passwd"] })).status).toBe(400);
    expect(posts()).toBe(sendsBefore);
    expect(await systemDb().message.count({ where: { conversationId: conversation.id } })).toBe(messagesBefore);
  });

  test("the declared limits: Messenger 25 MB for any kind; Zalo JPG/PNG 1 MB, GIF 5 MB, PDF/DOC/DOCX 5 MB, no video or audio", () => {
    const fb = (mime: string, size: number) => checkOutboundFile("Facebook", channelMeta.facebook.outboundAttachments, { name: "x", mime, size });
    const zalo = (mime: string, size: number) => checkOutboundFile("Zalo", channelMeta.zalo.outboundAttachments, { name: "x", mime, size });
    expect([fb("image/png", 25 * MB), fb("video/mp4", 1), fb("audio/mpeg", 1), fb("application/zip", 1)].map((c) => c.ok && c.rule.as)).toEqual(["image", "video", "audio", "file"]);
    expect(fb("video/mp4", 25 * MB + 1).ok).toBe(false);
    expect([zalo("image/jpeg", MB), zalo("image/gif", 5 * MB), zalo("application/msword", 5 * MB)].map((c) => c.ok && c.rule.as)).toEqual(["image", "gif", "file"]);
    for (const [mime, size] of [["image/png", MB + 1], ["image/gif", 5 * MB + 1], ["application/pdf", 5 * MB + 1], ["video/mp4", 1], ["audio/mpeg", 1], ["image/webp", 1], ["application/zip", 1]] as const)
      expect(zalo(mime, size).ok, `${mime} ${size}`).toBe(false);
  });

  test("another account's file id (or a made-up one) is a 404, like a missing file: nothing sent, nothing stored", async () => {
    const { conversation } = await facebookCustomer();
    const globexFile = await put(PNG, "globex.png", w.bob.cookie);
    const sendsBefore = posts();
    const messagesBefore = await systemDb().message.count();
    for (const id of [globexFile.id, "cnotarealfileid000000000000"]) {
      const res = await send(facebookSend, conversation.id, { text: "steal", attachments: [id] });
      expect(res.status).toBe(404);
    }
    expect(posts()).toBe(sendsBefore);
    expect(await systemDb().message.count()).toBe(messagesBefore);
    expect(await systemDb().attachment.count({ where: { fileId: globexFile.id } })).toBe(0);
  });

  test("a closed window refuses with 409 before anything is uploaded to the platform", async () => {
    const { conversation } = await facebookCustomer(8 * DAY);
    const image = await put(PNG, "late.png");
    const before = posts();
    const res = await send(facebookSend, conversation.id, { attachments: [image.id] });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: "outside_window" });
    expect(posts()).toBe(before);
    expect(await systemDb().message.count({ where: { conversationId: conversation.id, direction: "outbound" } })).toBe(0);
  });

  test("the echo of an attachment that arrives while it is still being sent merges into our row; a later echo changes nothing", async () => {
    const { from, conversation } = await facebookCustomer();
    const image = await put(PNG, "echoed.png");
    const mid = `m_echo_${userId("")}`;
    // The Send API holds its answer; Messenger's echo of the message comes first.
    w.platform.failNext("facebook", { status: 200, body: { recipient_id: from, message_id: mid }, delayMs: 600 });
    const sending = send(facebookSend, conversation.id, { attachments: [image.id] });
    await eventually(() => receivedFiles.some((f) => f.recipient === from) || w.platform.sends("facebook").some((c) => c.form && JSON.stringify(c.body).includes(from)), 3000, "the upload reached the platform");
    const echo = buildFacebookWebhook({ to: ACME.facebook.pageId, from, text: "", echo: true, mid, image: "https://scontent.xx.fbcdn.net/v/echoed.png" }, FB_SECRET);
    expect((await postFacebook(echo.body)).status).toBe(200);
    // Adopted at once: our pending row has the platform id, no second copy was stored.
    const during = await systemDb().message.findMany({ where: { conversationId: conversation.id, direction: "outbound" } });
    expect(during.map((m) => [m.externalId, m.status])).toEqual([[mid, "sent"]]);
    const res = await sending;
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as Sent;
    expect(message).toMatchObject({ externalId: mid, status: "sent" });
    expect((await postFacebook(echo.body)).status).toBe(200);
    const outbound = await systemDb().message.findMany({ where: { conversationId: conversation.id, direction: "outbound" }, include: { attachments: true } });
    expect(outbound).toHaveLength(1);
    expect(outbound[0]!.attachments.map((a) => [a.fileId, a.url])).toEqual([[image.id, `/api/files/${image.id}`]]);
    expect(w.platform.violations).toEqual([]);
  });

  test("a part the platform refuses stops the rest (kept failed, not offered); Retry sends the file again", async () => {
    const { conversation } = await facebookCustomer();
    const [a, b] = [await put(PNG, "a.png"), await put(PDF, "b.pdf")];
    const before = w.platform.sends("facebook").length;
    // The text goes; the first file is refused.
    w.platform.failNext("facebook", { status: 200, body: { recipient_id: "x", message_id: `m_${userId("")}` } });
    w.platform.failNext("facebook", { status: 400, body: { error: { message: "(#100) Upload attachment failure.", code: 100, error_subcode: 2018047 } } });
    const res = await send(facebookSend, conversation.id, { text: "two files", attachments: [a.id, b.id] });
    expect(res.status).toBe(502);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.messageIds).toHaveLength(3);
    expect(w.platform.sends("facebook").length - before).toBe(2);
    const rows = await systemDb().message.findMany({ where: { id: { in: error.messageIds! } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.status, r.errorCode])).toEqual([["sent", null], ["failed", "100"], ["failed", "not_sent"]]);
    expect((await systemDb().conversation.findUniqueOrThrow({ where: { id: conversation.id } })).failedReplies).toBe(2);
    const again = await call(retry, { path: "/x", body: {}, cookie: w.alice.cookie, params: { id: conversation.id, messageId: rows[2]!.id } });
    expect(again.status).toBe(200);
    const last = w.platform.sends("facebook").at(-1)!;
    expect((last.form!.find((p) => p.name === "filedata")!.value as FakeFile).sha256).toBe(sha(PDF));
    expect(w.platform.violations).toEqual([]);
  });

  test("isolation: the parts are announced to the account only; Globex's members see nothing", async () => {
    const { conversation } = await facebookCustomer();
    const image = await put(PNG, "private.png");
    const [carol, bob] = [await w.socketFor(w.carol), await w.socketFor(w.bob)];
    const res = await send(facebookSend, conversation.id, { text: "for you", attachments: [image.id] });
    expect(res.status).toBe(201);
    const { messages } = (await res.json()) as Sent;
    const seen = () => carol.events.filter((e) => e.event === "new-message").map((e) => (e.payload as { message: MessageDto }).message.id);
    await eventually(() => messages.every((m) => seen().includes(m.id)), 3000, "carol sees both parts");
    await sleep(150);
    expect(bob.events).toEqual([]);
    // Bob cannot send Acme's file either, not even to his own conversation.
    const bobsCustomer = userId("78");
    expect((await postFacebook(buildFacebookWebhook({ to: GLOBEX.facebook.pageId, from: bobsCustomer, text: "hi" }, FB_SECRET).body)).status).toBe(200);
    const globex = await systemDb().conversation.findFirstOrThrow({ where: { accountId: GLOBEX.id, contact: { externalId: bobsCustomer } } });
    const before = w.platform.sends("facebook").length;
    expect((await send(facebookSend, globex.id, { attachments: [image.id] }, w.bob.cookie)).status).toBe(404);
    expect(w.platform.sends("facebook").length).toBe(before);
  });
});
