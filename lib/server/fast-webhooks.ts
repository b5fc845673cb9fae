import type { IncomingMessage, ServerResponse } from "node:http";
import { postChannelWebhook } from "@/lib/routes/channel-routes";
import { webhookRoute } from "@/lib/http/webhook-route";
import { channels } from "@/lib/channels/registry";
import { receiveWebhook } from "@/lib/routes/receive-webhook";
import { log } from "@/lib/log";
import { WEBHOOK_BODY_LIMIT } from "@/lib/http/read-raw-body";

// Issue 14: a platform's POST costs Next's router 1.2–1.9 ms of CPU before the route runs.
// These paths are served here, in the Node server, by the same route handlers the App Router
// exports (one implementation, two entry points); GET handshakes and everything else stay with Next.

const legacyZalo = webhookRoute(channels.zalo.webhook.signatureHeader, receiveWebhook("zalo"));
const WEBHOOK_PATH = /^\/webhooks\/([^/?#]+)\/?$/;

/** Headers Next would add from next.config.mjs that matter for a JSON answer. */
const SAFE_HEADERS = { "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY" };

/** The handler for a platform webhook POST (it never throws), or null: the request is Next's. */
export function fastWebhook(req: IncomingMessage, origin: string): ((res: ServerResponse) => Promise<void>) | null {
  if (req.method !== "POST" || !req.url) return null;
  const pathname = req.url.split("?")[0]!;
  const match = WEBHOOK_PATH.exec(pathname);
  if (!match && pathname !== "/webhook") return null;
  return async (res) => {
    try {
      await serve(req, res, origin, match?.[1]);
    } catch (err) {
      // The route maps every error it knows to a status; this is a bug or a broken socket.
      log().error({ err }, "webhook fast path failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json", ...SAFE_HEADERS });
      res.end(JSON.stringify({ error: { code: "internal", message: "Internal error" } }));
    }
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, origin: string, channel: string | undefined): Promise<void> {
  const request = new Request(new URL(req.url!, origin), {
    method: "POST",
    headers: Object.entries(req.headers).flatMap(([k, v]): [string, string][] => (v === undefined || k === "content-length" ? [] : [[k, Array.isArray(v) ? v.join(", ") : v]])),
    body: new Uint8Array(await readCapped(req, WEBHOOK_BODY_LIMIT + 1)),
  });
  const response = channel !== undefined ? await postChannelWebhook(request, { params: Promise.resolve({ channel: safeDecode(channel) }) }) : await legacyZalo(request);
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...SAFE_HEADERS, ...Object.fromEntries(response.headers), "content-length": String(body.length) });
  res.end(body);
}

/**
 * The body's first `keep` bytes: the route refuses more than its limit (413) from them, so
 * one byte over is enough. The rest is read and dropped — a client still uploading would see
 * the connection reset instead of its answer — up to a bound, past which the socket is cut.
 */
function readCapped(req: IncomingMessage, keep: number, discardAtMost = 4 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size < keep) chunks.push(chunk.subarray(0, keep - size));
      size += chunk.length;
      if (size > keep + discardAtMost) {
        req.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** A malformed %-escape is just an unknown channel (404), not a throw. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
