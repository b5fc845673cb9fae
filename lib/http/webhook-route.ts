import { errorResponse } from "@/lib/errors";
import { log } from "@/lib/log";
import { readRawBody, WEBHOOK_BODY_LIMIT } from "@/lib/http/read-raw-body";

type Receive = (raw: Buffer, signature: string | null) => Promise<{ stored: number; ignored: number }>;

/** A platform webhook: raw body (≤ 1 MiB), signature header, 200 only after commit. */
export function webhookRoute(signatureHeader: string, receive: Receive) {
  return async (req: Request): Promise<Response> => {
    try {
      const raw = await readRawBody(req, WEBHOOK_BODY_LIMIT);
      const result = await receive(raw, req.headers.get(signatureHeader));
      return Response.json({ ok: true, ...result });
    } catch (err) {
      const res = errorResponse(err);
      if (res.status >= 400 && res.status < 500) log().info({ status: res.status, path: new URL(req.url).pathname }, "webhook refused");
      return res;
    }
  };
}
