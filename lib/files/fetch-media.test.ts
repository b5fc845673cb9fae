import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { isBlockedAddress } from "@/lib/files/blocked-address";
import { fetchMedia, hostAllowed, type MediaPolicy } from "@/lib/files/fetch-media";

// A hostile media host: images, a huge file, redirects into the network, a slow body, errors.
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
let server: Server;
let base = "";
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const path = req.url ?? "/";
    if (path === "/image.png") return void res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    if (path === "/huge-declared") return void res.writeHead(200, { "content-length": String(50 * 1024 * 1024) }).end();
    if (path === "/huge-chunked") {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 4 * 1024 * 1024) res.once("drain", pump);
        else res.end();
      };
      return void pump();
    }
    if (path === "/to-metadata") return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (path === "/to-private") return void res.writeHead(301, { location: "http://10.0.0.7/internal-http.png" }).end();
    if (path === "/to-elsewhere") return void res.writeHead(302, { location: "https://tracker.example/pixel.png" }).end();
    if (path === "/to-image") return void res.writeHead(302, { location: "/image.png" }).end();
    if (path === "/loop") return void res.writeHead(302, { location: "/loop" }).end();
    if (path === "/slow") {
      res.writeHead(200);
      res.write("x");
      return; // never ends
    }
    if (path === "/boom") return void res.writeHead(503).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const policy = (p: Partial<MediaPolicy> = {}): MediaPolicy => ({ hosts: ["localhost"], maxBytes: 1024 * 1024, timeoutMs: 1500, maxRedirects: 3, allowLoopback: true, ...p });

test("blocked addresses: loopback, private, link-local/metadata, CGNAT, ULA, mapped IPv4; public ones pass", () => {
  for (const a of ["127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "nonsense"])
    expect(isBlockedAddress(a), a).toBe(true);
  for (const a of ["8.8.8.8", "157.240.1.35", "2606:4700::1111", "::ffff:8.8.8.8"]) expect(isBlockedAddress(a), a).toBe(false);
});

test("host rules: exact names and *.suffix, nothing else", () => {
  expect(hostAllowed("scontent.xx.fbcdn.net", ["*.fbcdn.net"])).toBe(true);
  expect(hostAllowed("fbcdn.net", ["*.fbcdn.net"])).toBe(true);
  expect(hostAllowed("evilfbcdn.net", ["*.fbcdn.net"])).toBe(false);
  expect(hostAllowed("fbcdn.net.evil.example", ["*.fbcdn.net"])).toBe(false);
  expect(hostAllowed("anything.example", ["*"])).toBe(true);
});

test("an allowed host's image is fetched, redirects within the allow-list followed", async () => {
  expect(await fetchMedia(`${base}/image.png`, policy())).toMatchObject({ ok: true, bytes: PNG });
  expect(await fetchMedia(`${base}/to-image`, policy())).toMatchObject({ ok: true, bytes: PNG, finalUrl: `${base}/image.png` });
});

test("without the test-only loopback allowance, localhost and 127.0.0.1 are refused before any request", async () => {
  const before = hits.length;
  expect(await fetchMedia(`${base}/image.png`, policy({ allowLoopback: false }))).toMatchObject({ ok: false, reason: "blocked_address", retryable: false });
  const literal = base.replace("localhost", "127.0.0.1");
  expect(await fetchMedia(`${literal}/image.png`, policy({ allowLoopback: false, hosts: ["*"] }))).toMatchObject({ ok: false, reason: "blocked_address" });
  expect(hits.length).toBe(before);
});

test("redirects into the metadata service, a private address or a host off the list are refused", async () => {
  expect(await fetchMedia(`${base}/to-metadata`, policy({ hosts: ["localhost", "169.254.169.254"] }))).toMatchObject({ ok: false, reason: "blocked_address" });
  expect(await fetchMedia(`${base}/to-private`, policy({ hosts: ["*"] }))).toMatchObject({ ok: false, reason: "blocked_address" });
  expect(await fetchMedia(`${base}/to-elsewhere`, policy())).toMatchObject({ ok: false, reason: "host_not_allowed" });
  expect(await fetchMedia(`${base}/loop`, policy())).toMatchObject({ ok: false, reason: "too_many_redirects" });
});

test("size cap (declared or streamed), a slow body, errors and bad schemes: refused with a reason, never thrown", async () => {
  expect(await fetchMedia(`${base}/huge-declared`, policy())).toMatchObject({ ok: false, reason: "too_large", retryable: false });
  expect(await fetchMedia(`${base}/huge-chunked`, policy())).toMatchObject({ ok: false, reason: "too_large" });
  const started = Date.now();
  expect(await fetchMedia(`${base}/slow`, policy({ timeoutMs: 400 }))).toMatchObject({ ok: false, reason: "timeout", retryable: true });
  expect(Date.now() - started).toBeLessThan(2000);
  expect(await fetchMedia(`${base}/boom`, policy())).toMatchObject({ ok: false, reason: "http_error", retryable: true });
  expect(await fetchMedia(`${base}/missing`, policy())).toMatchObject({ ok: false, reason: "http_error", retryable: false });
  for (const url of ["javascript:alert(1)", "file:///etc/passwd", "ftp://localhost/x", "not a url", "http://user:pw@localhost/x"])
    expect(await fetchMedia(url, policy()), url).toMatchObject({ ok: false, reason: "bad_url" });
});
