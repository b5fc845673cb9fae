import { createServer, type Server } from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { systemDb } from "@/lib/db";
import { fastWebhook, settleWebhooks } from "@/lib/server/fast-webhooks";
import { runWithRequestContext } from "@/lib/request-context";
import { buildFacebookWebhook, buildZaloWebhook } from "@/lib/channels/simulate-webhook";
import { signFacebookBody } from "@/lib/channels/facebook/verify-signature";
import { databaseKinds } from "../support/test-db";
import { captureLogs } from "../support/logs";
import { eventually } from "../support/realtime-harness";
import { FB_SECRET } from "../support/webhooks";
import { ACME, useWorld } from "../support/world";

// server.ts serves platform POSTs before Next's router (issue 14) with the App Router's own
// route code. Here a real node:http server wired the same way; what is not a webhook POST
// reaches the stand-in for Next.
describe.each(databaseKinds())("Webhook fast path on %s", (kind) => {
  useWorld(kind);
  let server: Server;
  let base = "";
  const reachedNext: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const webhook = fastWebhook(req);
      runWithRequestContext({ requestId: "test-request-0001", clientIp: "10.7.7.7" }, () => {
        if (webhook) return void webhook(res);
        reachedNext.push(`${req.method} ${req.url}`);
        res.writeHead(299).end("next");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { method: "POST", body: body as BodyInit, headers: { "content-type": "application/json", ...headers } });

  test("a signed Messenger delivery is stored and answered 200 without Next, with the safe headers", async () => {
    const { body } = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7970000000000001", text: "fast path hello" }, FB_SECRET);
    const res = await post("/webhooks/facebook", body, { "x-hub-signature-256": signFacebookBody(body, FB_SECRET) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, stored: 1 });
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await systemDb().message.count({ where: { text: "fast path hello" } })).toBe(1);
    // The same delivery again: stored once.
    expect((await post("/webhooks/facebook", body, { "x-hub-signature-256": signFacebookBody(body, FB_SECRET) })).status).toBe(200);
    expect(await systemDb().message.count({ where: { text: "fast path hello" } })).toBe(1);
    expect(reachedNext).toEqual([]);
  });

  test("Zalo on /webhooks/zalo and on the old /webhook", async () => {
    for (const [path, from] of [["/webhooks/zalo", "8970000000000001"], ["/webhook", "8970000000000002"]] as const) {
      const z = buildZaloWebhook({ to: ACME.zalo.oaId, from, text: `zalo via ${path}` }, { appId: ACME.zalo.appId, secretKey: ACME.zalo.secretKey });
      const res = await post(path, z.body, { "x-zevent-signature": z.headers["x-zevent-signature"]! });
      expect(res.status, path).toBe(200);
    }
    expect(await systemDb().message.count({ where: { text: { startsWith: "zalo via" } } })).toBe(2);
  });

  test("refusals are the route's: 401 unsigned, 400 malformed, 413 oversized, 404 unknown channel; nothing stored", async () => {
    const before = await systemDb().message.count();
    const { body } = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7970000000000002", text: "unsigned" }, FB_SECRET);
    expect((await post("/webhooks/facebook", body)).status).toBe(401);
    expect((await post("/webhooks/facebook", body, { "x-hub-signature-256": "sha256=" + "0".repeat(64) })).status).toBe(401);
    const broken = "{not json";
    expect((await post("/webhooks/facebook", broken, { "x-hub-signature-256": signFacebookBody(broken, FB_SECRET) })).status).toBe(400);
    const huge = new Uint8Array(2 * 1024 * 1024).fill(0x20);
    expect((await post("/webhooks/facebook", huge, { "x-hub-signature-256": "sha256=x" })).status).toBe(413);
    expect((await post("/webhooks/telegram", body)).status).toBe(404);
    expect((await post("/webhooks/%E0%A4%A", body)).status).toBe(404);
    expect(await systemDb().message.count()).toBe(before);
  });

  test("a body declared over 1 MiB is refused at once, unread, and the connection is closed", async () => {
    const { port } = new URL(base);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => {
        // Headers only: the 2 MB it announces never come.
        socket.write("POST /webhooks/facebook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n");
      });
      let got = "";
      socket.on("data", (d) => (got += d.toString()));
      socket.on("end", () => resolve(got));
      socket.on("error", reject);
      setTimeout(() => reject(new Error(`no answer in 3 s: ${got}`)), 3000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain("connection: close");
  });

  test("a client that hangs up mid-body is its own fault: refused, nothing stored, not logged as a database outage", async () => {
    const { lines, stop } = captureLogs("info");
    const before = await systemDb().message.count();
    try {
      const { port } = new URL(base);
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise((r) => socket.once("connect", r));
      socket.write("POST /webhooks/facebook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Hub-Signature-256: sha256=00\r\nContent-Length: 500\r\n\r\n{\"object\":");
      await new Promise((r) => setTimeout(r, 50));
      socket.destroy();
      await eventually(() => lines.some((l) => l.msg === "webhook refused"), 2000, "the refusal logged");
    } finally {
      stop();
    }
    expect(lines.find((l) => l.msg === "webhook refused")).toMatchObject({ status: 400 });
    expect(lines.filter((l) => l.msg === "database unavailable")).toEqual([]);
    expect(await systemDb().message.count()).toBe(before);
  });

  test("shutdown waits for a webhook being handled: settleWebhooks resolves after its answer", async () => {
    const { body } = buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7970000000000009", text: "while shutting down" }, FB_SECRET);
    const { port } = new URL(base);
    let answeredAt = 0;
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    socket.on("data", (d) => {
      if (!answeredAt && d.toString().startsWith("HTTP/1.1 200")) answeredAt = performance.now();
    });
    const head = `POST /webhooks/facebook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Hub-Signature-256: ${signFacebookBody(body, FB_SECRET)}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    socket.write(head + body.slice(0, 10)); // the handler has started; the body is still coming
    await new Promise((r) => setTimeout(r, 50));
    const settled = settleWebhooks(5000).then(() => performance.now());
    let restSentAt = 0;
    setTimeout(() => {
      restSentAt = performance.now();
      socket.write(body.slice(10));
    }, 200);
    const settledAt = await settled;
    // Not before the webhook could be answered, and its answer is on the wire right after.
    expect(restSentAt).toBeGreaterThan(0);
    expect(settledAt).toBeGreaterThan(restSentAt);
    await eventually(() => answeredAt > 0, 2000, "the 200");
    socket.destroy();
    expect(await systemDb().message.count({ where: { text: "while shutting down" } })).toBe(1);
  });

  test("everything else is Next's: GET handshakes, deeper paths, other routes", async () => {
    reachedNext.length = 0;
    await fetch(`${base}/webhooks/facebook?hub.mode=subscribe`);
    await post("/webhooks/facebook/extra", "{}");
    await post("/api/conversations", "{}");
    await post("/webhookx", "{}");
    expect(reachedNext).toEqual(["GET /webhooks/facebook?hub.mode=subscribe", "POST /webhooks/facebook/extra", "POST /api/conversations", "POST /webhookx"]);
  });
});
