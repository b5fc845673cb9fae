import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A real 1×1 PNG (Chromium decodes it), as a platform's CDN would serve a photo. */
export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAAABJRU5ErkJggg==", "base64");
export const HTML = Buffer.from("<!doctype html><script>fetch('/api/conversations').then(r=>r.text()).then(alert)</script>");

export type FakeMediaHost = {
  /** http://localhost:<port>; `ip` is the same server as http://127.0.0.1:<port>. */
  url: string;
  ip: string;
  port: number;
  /** Paths requested, in order. */
  hits: string[];
  /** Ends the bodies /held/<path> holds (all of them without a path); later requests for it are answered at once. */
  release: (path?: string) => void;
  /** How many /flaky/* requests fail (503) before they succeed. */
  failFirst: (n: number) => void;
  /** /img/<token>.png is gone for good (the platform's link expired): connection reset. */
  expire: (token: string) => void;
  close: () => Promise<void>;
};

/**
 * A platform's media CDN, friendly and hostile: images, a huge file, redirects into the
 * network, HTML served as image/png, a slow body, a body held until released, flaky
 * answers, and links that expire. Used in-process by integration tests and as its own
 * process (e2e/fake-media-server.ts) by the Playwright run.
 */
export async function startFakeMediaHost(port = 0): Promise<FakeMediaHost> {
  const hits: string[] = [];
  const held: { path: string; res: ServerResponse }[] = [];
  const releasedPaths = new Set<string>();
  const expired = new Set<string>();
  let released = false;
  let failures = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.push(path);
    const png = () => void res.writeHead(200, { "content-type": "image/png", "content-length": String(PNG.length) }).end(PNG);
    if (path === "/health") return void res.writeHead(200).end("ok");
    // The e2e run expires a link from its own process.
    const expire = /^\/__expire\/([\w-]+)$/.exec(path);
    if (expire && req.method === "POST") return void (expired.add(expire[1]!), res.writeHead(204).end());
    const img = /^\/img\/([\w-]+)\.png$/.exec(path);
    if (img) return expired.has(img[1]!) ? void req.socket.destroy() : png();
    if (path.startsWith("/flaky/")) {
      if (failures > 0) {
        failures--;
        return void res.writeHead(503).end();
      }
      return png();
    }
    if (path.startsWith("/held/")) {
      res.writeHead(200, { "content-type": "image/png", "content-length": String(PNG.length) });
      res.write(PNG.subarray(0, 8));
      if (released || releasedPaths.has(path)) return void res.end(PNG.subarray(8));
      held.push({ path, res });
      return;
    }
    if (path === "/huge.png") {
      // Declares nothing: the cap must be enforced while reading.
      res.writeHead(200, { "content-type": "image/png" });
      res.write(PNG);
      const chunk = Buffer.alloc(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 8 * 1024 * 1024 && !res.destroyed && res.write(chunk)) sent += chunk.length;
        if (res.destroyed) return;
        if (sent < 8 * 1024 * 1024) res.once("drain", pump);
        else res.end();
      };
      return void pump();
    }
    if (path === "/to-loopback.png") return void res.writeHead(302, { location: `http://127.0.0.1:${address().port}/img/loop.png` }).end();
    if (path === "/to-metadata.png") return void res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" }).end();
    if (path === "/to-private.png") return void res.writeHead(301, { location: "http://10.0.0.7/internal-http.png" }).end();
    if (path === "/html-as.png") return void res.writeHead(200, { "content-type": "image/png" }).end(HTML);
    if (path === "/slow.png") {
      res.writeHead(200, { "content-type": "image/png" });
      res.write(PNG.subarray(0, 4));
      return; // never ends
    }
    res.writeHead(404).end();
  });
  const address = () => server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const p = address().port;
  return {
    url: `http://localhost:${p}`,
    ip: `http://127.0.0.1:${p}`,
    port: p,
    hits,
    release: (path) => {
      if (path) releasedPaths.add(path);
      else released = true;
      for (const h of held.filter((x) => !path || x.path === path)) {
        held.splice(held.indexOf(h), 1);
        h.res.end(PNG.subarray(8));
      }
    },
    failFirst: (n) => void (failures = n),
    expire: (token) => void expired.add(token),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
