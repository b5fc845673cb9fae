import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { rateLimiter } from "@/lib/http/rate-limit";
import { requestContext } from "@/lib/request-context";
import { log } from "@/lib/log";
import { readRawBody, WEBHOOK_BODY_LIMIT } from "@/lib/http/read-raw-body";

type Receive = (raw: Buffer, signature: string | null) => Promise<Record<string, number>>;

/** A webhook POST as both entry points see it: the body is read only once the rate limit lets it in. */
export type WebhookRequest = { path: string; signature: string | null; body: () => Promise<Buffer> };
export type WebhookAnswer = { status: number; headers: Record<string, string>; body: string };

const JSON_TYPE = { "content-type": "application/json" };

/**
 * A platform webhook: raw body (≤ 1 MiB, else 413), signature header (401), envelope (400);
 * anything else that is signed and sound is a 200, sent only after commit. One implementation
 * for the App Router route (webhookRoute) and server.ts's way in before Next (lib/server/fast-webhooks.ts).
 */
export function webhookHandler(receive: Receive): (req: WebhookRequest) => Promise<WebhookAnswer> {
  return async (req) => {
    try {
      const perSecond = env().webhookRateLimit;
      const source = requestContext()?.clientIp ?? "unknown";
      // A flood from one source gets 429 (platforms retry); nothing is read or stored.
      if (!rateLimiter("webhook", { capacity: perSecond * 10, perSecond }).take(source)) {
        throw new AppError("rate_limited", "Too many webhook requests from this source");
      }
      const result = await receive(await req.body(), req.signature);
      log().info({ path: req.path, ...result }, "webhook accepted");
      return { status: 200, headers: JSON_TYPE, body: JSON.stringify({ ok: true, ...result }) };
    } catch (err) {
      const answer = await answerOf(err);
      if (answer.status >= 400 && answer.status < 500) log().info({ status: answer.status, path: req.path }, "webhook refused");
      return answer;
    }
  };
}

/** A refusal as a webhook's answer: the status and body errorResponse gives every route. */
export async function answerOf(err: unknown): Promise<WebhookAnswer> {
  const res = errorResponse(err);
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** The App Router's handler for the same webhook. */
export function webhookRoute(signatureHeader: string, receive: Receive) {
  const handle = webhookHandler(receive);
  return async (req: Request): Promise<Response> => {
    const answer = await handle({ path: new URL(req.url).pathname, signature: req.headers.get(signatureHeader), body: () => readRawBody(req, WEBHOOK_BODY_LIMIT) });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}
