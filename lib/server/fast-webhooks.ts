import type { IncomingMessage, ServerResponse } from "node:http";
import type { Channel } from "@/lib/channels/channel-ids";
import { findChannelOrThrow } from "@/lib/channels/find-channel";
import { webhookHandlers } from "@/lib/routes/channel-routes";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { WEBHOOK_BODY_LIMIT } from "@/lib/http/read-raw-body";
import { answerOf, type WebhookAnswer } from "@/lib/http/webhook-route";

// Issue 14: a platform's POST costs Next's router 1.2–1.9 ms of CPU before the route runs, and
// web Request/Response objects cost more again. These paths are served here, in the Node server,
// by the route's own handling (lib/http/webhook-route.ts webhookHandler: one implementation, two
// entry points) straight from the socket; GET handshakes and everything else stay with Next.

const WEBHOOK_PATH = /^\/webhooks\/([^/?#]+)\/?$/;

/** Headers Next would add from next.config.mjs that matter for a JSON answer. */
const SAFE_HEADERS = { "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY" };

/** The handler for a platform webhook POST (it never throws), or null: the request is Next's. */
export function fastWebhook(req: IncomingMessage): ((res: ServerResponse) => Promise<void>) | null {
  if (req.method !== "POST" || !req.url) return null;
  const pathname = req.url.split("?")[0]!;
  const match = WEBHOOK_PATH.exec(pathname);
  if (!match && pathname !== "/webhook") return null;
  // The old /webhook is Zalo's (OAs configured before /webhooks/zalo existed).
  const channel = match ? safeDecode(match[1]!) : "zalo";
  return (res) => {
    const handled = (async () => {
      try {
        answer(res, await serve(req, pathname, channel));
      } catch (err) {
        // The handler maps every error it knows to a status; this is a bug or a broken socket.
        log().error({ err }, "webhook fast path failed");
        answer(res, { status: 500, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { code: "internal", message: "Internal error" } }) });
      }
    })();
    inFlight.add(handled);
    return handled.finally(() => inFlight.delete(handled));
  };
}

const inFlight = new Set<Promise<void>>();

/**
 * Resolves once every webhook being handled has been answered (or after `timeoutMs`): shutdown
 * waits for it before cutting connections, so a webhook whose batch is committing gets its 200
 * instead of a reset and a redelivery.
 */
export async function settleWebhooks(timeoutMs: number): Promise<void> {
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
  while (inFlight.size) await Promise.race([Promise.allSettled([...inFlight]), deadline.then(() => inFlight.clear())]);
}

async function serve(req: IncomingMessage, path: string, segment: string): Promise<WebhookAnswer> {
  let channel: Channel;
  try {
    channel = findChannelOrThrow(segment).meta.id; // an unknown channel: 404, as on the App Router route
  } catch (err) {
    req.resume(); // the body is not wanted
    return answerOf(err);
  }
  const { signatureHeader, handle } = webhookHandlers[channel];
  const signature = req.headers[signatureHeader];
  return handle({ path, signature: typeof signature === "string" ? signature : null, body: () => readBody(req) });
}

function answer(res: ServerResponse, a: WebhookAnswer): void {
  if (res.headersSent) return void res.end();
  // A refusal that may leave the body unread (too large, rate limited, unknown channel) ends the connection with it.
  const close = a.status === 413 || a.status === 429 || a.status === 404 ? { connection: "close" } : {};
  res.writeHead(a.status, { ...SAFE_HEADERS, ...a.headers, ...close, "content-length": Buffer.byteLength(a.body) });
  res.end(a.body);
}

const tooLarge = () => new AppError("payload_too_large", `Body over ${WEBHOOK_BODY_LIMIT} bytes`, { reason: "body_too_large", params: { max: WEBHOOK_BODY_LIMIT } });

/**
 * The body, refused (413) past the limit — by its declared length at once, else once it has
 * passed it. The rest is read and dropped — a client still uploading would see the connection
 * reset instead of its answer — up to a bound, past which the socket is cut.
 */
function readBody(req: IncomingMessage, discardAtMost = 4 * 1024 * 1024): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  // Declared too large: refused at once, unread (the answer closes the connection).
  if (declared > WEBHOOK_BODY_LIMIT) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > WEBHOOK_BODY_LIMIT;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > WEBHOOK_BODY_LIMIT) over = true;
      if (!over) chunks.push(chunk);
      if (size > WEBHOOK_BODY_LIMIT + discardAtMost) {
        req.destroy();
        reject(tooLarge());
      }
    });
    req.once("end", () => (over ? reject(tooLarge()) : resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))));
    // A client gone mid-body is its own business (400, logged at info), not a database fault: Node's
    // ECONNRESET would otherwise read as one (lib/errors.ts maps that code to 503).
    req.once("error", () => reject(new AppError("bad_request", "The request body was cut off", { reason: "body_aborted" })));
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
