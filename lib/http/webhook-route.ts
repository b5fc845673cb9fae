import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { rateLimiter } from "@/lib/http/rate-limit";
import { requestContext } from "@/lib/request-context";
import { log } from "@/lib/log";
import { readRawBody, WEBHOOK_BODY_LIMIT } from "@/lib/http/read-raw-body";

type Receive = (raw: Buffer, signature: string | null) => Promise<Record<string, number>>;

/**
 * A platform webhook: raw body (≤ 1 MiB, else 413), signature header (401), envelope (400);
 * anything else that is signed and sound is a 200, sent only after commit.
 */
export function webhookRoute(signatureHeader: string, receive: Receive) {
  return async (req: Request): Promise<Response> => {
    try {
      const perSecond = env().webhookRateLimit;
      const source = requestContext()?.clientIp ?? "unknown";
      // A flood from one source gets 429 (platforms retry); nothing is read or stored.
      if (!rateLimiter("webhook", { capacity: perSecond * 10, perSecond }).take(source)) {
        throw new AppError("rate_limited", "Too many webhook requests from this source");
      }
      const raw = await readRawBody(req, WEBHOOK_BODY_LIMIT);
      const result = await receive(raw, req.headers.get(signatureHeader));
      log().info({ path: new URL(req.url).pathname, ...result }, "webhook accepted");
      return Response.json({ ok: true, ...result });
    } catch (err) {
      const res = errorResponse(err);
      if (res.status >= 400 && res.status < 500) log().info({ status: res.status, path: new URL(req.url).pathname }, "webhook refused");
      return res;
    }
  };
}
