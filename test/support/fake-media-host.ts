import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { deflateSync } from "node:zlib";
import jpeg from "jpeg-js";
import { PNG as PngCodec } from "pngjs";

/** A real 1×1 PNG (Chromium decodes it), as a platform's CDN would serve a photo. */
export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAAABJRU5ErkJggg==", "base64");
export const HTML = Buffer.from("<!doctype html><script>fetch('/api/conversations').then(r=>r.text()).then(alert)</script>");

/** Width × height of RGBA pixels in a smooth pattern (a photo's worth of detail for the codecs). */
function pattern(width: number, height: number, alpha: (x: number, y: number) => number = () => 255): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x >> 4) ^ (y >> 4)) & 1 ? 200 : 40;
      data[i + 3] = alpha(x, y);
    }
  return data;
}
const pngOf = (width: number, height: number, data: Buffer) => PngCodec.sync.write(Object.assign(new PngCodec({ width, height }), { data }));

/** A 1200×900 photo (JPEG), as Messenger's CDN serves one: it gets a thumbnail. */
export const PHOTO_JPEG = Buffer.from(jpeg.encode({ data: pattern(1200, 900), width: 1200, height: 900 }, 85).data);
/** An 800×600 PNG whose left half is transparent: its thumbnail stays a PNG. */
export const ALPHA_PNG = pngOf(800, 600, pattern(800, 600, (x) => (x < 400 ? 0 : 255)));
/** A 240×240 profile picture (JPEG). */
export const AVATAR_JPEG = Buffer.from(jpeg.encode({ data: pattern(240, 240), width: 240, height: 240 }, 85).data);

/** A valid PNG chunk: length, type, data, CRC-32. */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  let c = ~0;
  for (const b of body) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(~c >>> 0, 8 + data.length);
  return out;
}
/** A decompression bomb: a few hundred bytes that declare a 30000×30000 canvas (900 MP, 3.6 GB of RGBA). */
export const BOMB_PNG = (() => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30000, 0);
  ihdr.writeUInt32BE(30000, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.alloc(64 * 1024))), chunk("IEND", Buffer.alloc(0))]);
})();
/** A JPEG whose header is sound (1200×900) and whose data is noise. */
export const CORRUPT_JPEG = Buffer.concat([PHOTO_JPEG.subarray(0, 600), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256))]);

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
    const file = (bytes: Buffer, type: string) => void res.writeHead(200, { "content-type": type, "content-length": String(bytes.length) }).end(bytes);
    if (/^\/photo\/[\w-]+\.jpg$/.test(path)) return file(PHOTO_JPEG, "image/jpeg");
    if (path === "/alpha.png") return file(ALPHA_PNG, "image/png");
    if (path === "/bomb.png") return file(BOMB_PNG, "image/png");
    if (path === "/corrupt.jpg") return file(CORRUPT_JPEG, "image/jpeg");
    // Profile pictures, as the platforms' avatar CDNs serve them (a /avatar/gone-* link has expired).
    if (/^\/avatar\/gone-[\w-]+\.jpg$/.test(path)) return void res.writeHead(404).end();
    if (/^\/avatar\/[\w-]+\.jpg$/.test(path)) return file(AVATAR_JPEG, "image/jpeg");
    if (path === "/avatar-html.jpg") return file(HTML, "image/jpeg");
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
