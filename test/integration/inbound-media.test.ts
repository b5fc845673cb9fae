import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GET as messagesGet } from "@/app/api/conversations/[id]/messages/route";
import { GET as download } from "@/app/api/files/[fileId]/route";
import { signFacebookBody } from "@/lib/channels/facebook/verify-signature";
import { systemDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { sweepInboundAttachments } from "@/lib/inbox/keep-inbound-attachments";
import { settleBackground } from "@/lib/inbox/run-in-background";
import type { AttachmentDto, MessageDto } from "@/lib/shared/dto";
import { databaseKinds } from "../support/test-db";
import { PNG, startFakeMediaHost, type FakeMediaHost } from "../support/fake-media-host";
import { eventually, type TestClient } from "../support/realtime-harness";
import { ACME, call, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";

// Issue 15: inbound media is downloaded by Inbox after the 200, kept, and served from the app
// only; hostile or broken links end as "unavailable", never as a 500 or a lost message.
// The fake CDN runs on 127.0.0.1 and is named "localhost": the test-only loopback switch lets
// the fetcher reach it, and 169.254.169.254 is listed so that the address check, not the list,
// is what refuses the metadata redirect.
process.env.MEDIA_HOSTS = "localhost,169.254.169.254";
process.env.MEDIA_ALLOW_LOOPBACK = "1";
process.env.MEDIA_MAX_BYTES = String(1024 * 1024);
process.env.MEDIA_TIMEOUT_MS = "700";
process.env.MEDIA_MAX_ATTEMPTS = "3";
process.env.MEDIA_RETRY_BASE_MS = "60000";

let host: FakeMediaHost;
beforeAll(async () => {
  host = await startFakeMediaHost();
  resetEnvForTests();
});
afterAll(async () => {
  host.release();
  await settleBackground();
  await host.close();
});

let n = 0;
/** A signed Messenger delivery naming these media URLs, as Meta sends attachments. */
async function deliver(urls: { type?: string; url: string }[], text = ""): Promise<{ res: Response; mid: string; ms: number }> {
  const mid = `m_media_${Date.now()}_${n++}`;
  const body = JSON.stringify({
    object: "page",
    entry: [{ id: ACME.facebook.pageId, time: Date.now(), messaging: [{ sender: { id: `72000000000${n}` }, recipient: { id: ACME.facebook.pageId }, timestamp: Date.now(), message: { mid, text, attachments: urls.map((u) => ({ type: u.type ?? "image", payload: { url: u.url } })) } }] }],
  });
  const started = Date.now();
  const res = await postFacebook(body, signFacebookBody(body, FB_SECRET));
  return { res, mid, ms: Date.now() - started };
}

const rowsOf = async (mid: string) => {
  const m = await systemDb().message.findFirstOrThrow({ where: { externalId: mid }, include: { attachments: { orderBy: { id: "asc" } } } });
  return m.attachments;
};

async function thread(mid: string, cookie: string): Promise<MessageDto> {
  const m = await systemDb().message.findFirstOrThrow({ where: { externalId: mid } });
  const res = await call(messagesGet, { path: `/api/conversations/${m.conversationId}/messages`, cookie, params: { id: m.conversationId } });
  expect(res.status).toBe(200);
  const { messages } = (await res.json()) as { messages: MessageDto[] };
  return messages.find((x) => x.externalId === mid)!;
}

const updates = (c: TestClient, mid: string) =>
  c.events.filter((e) => e.event === "update-message" && (e.payload as { message: MessageDto }).message.externalId === mid).map((e) => (e.payload as { message: MessageDto }).message);

/** No platform URL, no private address, nothing but the app's own files in what the browser gets. */
function expectOnlyAppUrls(attachments: AttachmentDto[]) {
  for (const a of attachments) if (a.url !== null) expect(a.url).toMatch(/^\/api\/files\/[a-z0-9]+$/);
  expect(JSON.stringify(attachments)).not.toMatch(/localhost|127\.0\.0\.1|169\.254|10\.0\.0\.7|http/);
}

describe.each(databaseKinds())("inbound media on %s", (kind) => {
  const w = useWorld(kind);

  test("the 200 does not wait for the download: answered while the host holds the body, then stored and swapped in live for Acme only", async () => {
    const [alice, bob] = [await w.socketFor(w.alice), await w.socketFor(w.bob)];
    const before = host.hits.length;
    const held = `/held/photo-${kind}.png`;
    const { res, mid, ms } = await deliver([{ url: `${host.url}${held}` }], "see photo");
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(1500);
    const [pending] = await rowsOf(mid);
    expect(pending).toMatchObject({ fetchState: "pending", fileId: null });
    // The download started after the answer and is still held by the host.
    await eventually(() => host.hits.slice(before).includes(held), 2000, "download started");
    expect((await thread(mid, w.alice.cookie)).attachments).toEqual([{ type: "image", url: null, name: null, state: "pending", coordinates: null }]);
    const created = alice.events.find((e) => e.event === "new-message" && (e.payload as { message: MessageDto }).message.externalId === mid);
    expect((created?.payload as { message: MessageDto }).message.attachments[0]).toMatchObject({ state: "pending", url: null });

    host.release(held);
    await eventually(() => updates(alice, mid).some((m) => m.attachments[0]?.state === "stored"), 3000, "update-message with the stored copy");
    const live = updates(alice, mid).at(-1)!;
    expectOnlyAppUrls(live.attachments);
    expect(live.attachments[0]).toMatchObject({ type: "image", state: "stored", kind: "image" });
    expect(bob.events.some((e) => JSON.stringify(e.payload).includes(mid))).toBe(false);

    const [row] = await rowsOf(mid);
    expect(row).toMatchObject({ fetchState: "stored", fetchAttempts: 1, nextFetchAt: null });
    const file = await systemDb().storedFile.findUniqueOrThrow({ where: { id: row!.fileId! } });
    expect(file).toMatchObject({ accountId: ACME.id, source: "inbound", mime: "image/png", size: PNG.length });
    const served = await call(download, { path: live.attachments[0]!.url!, cookie: w.carol.cookie, params: { fileId: file.id } });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    // Another account's attachment is a 404, like a missing one.
    expect((await call(download, { path: live.attachments[0]!.url!, cookie: w.bob.cookie, params: { fileId: file.id } })).status).toBe(404);
  });

  test("a huge file, redirects to 127.0.0.1 / the metadata service / a private address, HTML served as image/png: unavailable, nothing kept, no 500", async () => {
    const alice = await w.socketFor(w.alice);
    const files = await systemDb().storedFile.count();
    const paths = ["/huge.png", "/to-loopback.png", "/to-metadata.png", "/to-private.png", "/html-as.png"];
    const { res, mid } = await deliver(paths.map((p) => ({ url: `${host.url}${p}` })), "hostile");
    expect(res.status).toBe(200);
    await settleBackground();
    const rows = await rowsOf(mid);
    expect(rows.map((r) => [r.fetchState, r.fetchError])).toEqual([
      ["unavailable", "too_large"],
      ["unavailable", "host_not_allowed"],
      ["unavailable", "blocked_address"],
      ["unavailable", "host_not_allowed"],
      ["unavailable", "unknown_type"],
    ]);
    // The redirect targets were never requested (no follow into the network).
    expect(host.hits).not.toContain("/img/loop.png");
    expect(await systemDb().storedFile.count()).toBe(files);
    const shown = await thread(mid, w.alice.cookie);
    expect(shown.text).toBe("hostile");
    expect(shown.attachments.map((a) => a.state)).toEqual(Array(5).fill("unavailable"));
    expectOnlyAppUrls(shown.attachments);
    await eventually(() => updates(alice, mid).length === 5, 2000, "each settle announced");
    expect(updates(alice, mid).at(-1)!.attachments.every((a) => a.state === "unavailable")).toBe(true);
  });

  test("URLs refused before any request (off the list, a literal private address, no URL) are unavailable in the recording transaction: no download, no second event", async () => {
    const alice = await w.socketFor(w.alice);
    const before = host.hits.length;
    const { res, mid } = await deliver([{ url: "https://tracker.example/pixel.png" }, { url: "http://10.0.0.7/internal-http.png" }, { url: "javascript:alert(1)" }]);
    expect(res.status).toBe(200);
    const rows = await rowsOf(mid);
    expect(rows.map((r) => r.fetchState)).toEqual(["unavailable", "unavailable", "unavailable"]);
    await settleBackground();
    expect(host.hits.length).toBe(before);
    await eventually(() => alice.events.some((e) => e.event === "new-message" && JSON.stringify(e.payload).includes(mid)), 2000, "new-message");
    expect(updates(alice, mid)).toEqual([]);
    expectOnlyAppUrls((await thread(mid, w.alice.cookie)).attachments);
  });

  test("a slow body and a flaky host are retried with backoff from the database (a restart loses nothing), then stored or given up", async () => {
    host.failFirst(1);
    const { mid: flaky } = await deliver([{ url: `${host.url}/flaky/a.png` }]);
    const { mid: slow } = await deliver([{ url: `${host.url}/slow.png` }]);
    await settleBackground();
    const [f1] = await rowsOf(flaky);
    const [s1] = await rowsOf(slow);
    expect(f1).toMatchObject({ fetchState: "pending", fetchAttempts: 1, fetchError: "http_error" });
    expect(s1).toMatchObject({ fetchState: "pending", fetchAttempts: 1, fetchError: "timeout" });
    // Backoff: not due yet, so a sweep now leaves them alone.
    expect(f1!.nextFetchAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    await sweepInboundAttachments();
    expect((await rowsOf(flaky))[0]!.fetchAttempts).toBe(1);

    // A sweep once they are due (the one server.ts runs on start and on an interval).
    await sweepInboundAttachments({ now: new Date(Date.now() + 61_000) });
    expect((await rowsOf(flaky))[0]).toMatchObject({ fetchState: "stored", fetchAttempts: 2 });
    const [s2] = await rowsOf(slow);
    expect(s2).toMatchObject({ fetchState: "pending", fetchAttempts: 2 });
    // The delay grows ×4.
    expect(s2!.nextFetchAt!.getTime()).toBeGreaterThan(Date.now() + 61_000 + 200_000);
    await sweepInboundAttachments({ now: new Date(Date.now() + 61_000 + 241_000) });
    expect((await rowsOf(slow))[0]).toMatchObject({ fetchState: "unavailable", fetchAttempts: 3, fetchError: "timeout", nextFetchAt: null });
    expect((await thread(slow, w.alice.cookie)).attachments[0]).toMatchObject({ state: "unavailable", url: null });
  });

  test("two sweeps at once (two nodes) download a due attachment once", async () => {
    const token = `once-${Date.now()}`;
    const { mid } = await deliver([{ url: `${host.url}/held/${token}.png` }]);
    // The after-commit attempt holds it; sweeps meanwhile find it leased, not due.
    await eventually(() => host.hits.includes(`/held/${token}.png`), 2000, "first attempt");
    await Promise.all([sweepInboundAttachments(), sweepInboundAttachments()]);
    host.release(`/held/${token}.png`);
    await settleBackground();
    expect(host.hits.filter((h) => h === `/held/${token}.png`)).toHaveLength(1);
    expect((await rowsOf(mid))[0]).toMatchObject({ fetchState: "stored", fetchAttempts: 1 });
    // A lease that ran out (the worker died): the attachment is due again, and one sweep of two takes it.
    const [row] = await rowsOf(mid);
    await systemDb().attachment.update({ where: { id: row!.id }, data: { fetchState: "pending", fileId: null, nextFetchAt: new Date() } });
    await Promise.all([sweepInboundAttachments(), sweepInboundAttachments()]);
    expect(host.hits.filter((h) => h === `/held/${token}.png`)).toHaveLength(2);
    expect((await rowsOf(mid))[0]).toMatchObject({ fetchState: "stored", fetchAttempts: 2 });
  });

  test("the platform's link expires (the host goes away): the thread still shows the kept copy", async () => {
    const token = `expires-${Date.now()}`;
    const { mid } = await deliver([{ url: `${host.url}/img/${token}.png` }], "before it expires");
    await settleBackground();
    host.expire(token);
    const shown = await thread(mid, w.alice.cookie);
    expect(shown.attachments[0]).toMatchObject({ state: "stored", kind: "image" });
    const fileId = shown.attachments[0]!.url!.split("/").pop()!;
    const served = await call(download, { path: shown.attachments[0]!.url!, cookie: w.alice.cookie, params: { fileId } });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    // One that expired before its download: retried (a reset is a network error), then unavailable; the message stays.
    const gone = `gone-${Date.now()}`;
    host.expire(gone);
    const { mid: late } = await deliver([{ url: `${host.url}/img/${gone}.png` }], "too late");
    await settleBackground();
    expect((await rowsOf(late))[0]).toMatchObject({ fetchState: "pending", fetchError: "network" });
    for (const ahead of [61_000, 61_000 + 241_000]) await sweepInboundAttachments({ now: new Date(Date.now() + ahead) });
    expect((await rowsOf(late))[0]).toMatchObject({ fetchState: "unavailable", fetchAttempts: 3 });
    expect((await thread(late, w.alice.cookie)).text).toBe("too late");
  });
});
