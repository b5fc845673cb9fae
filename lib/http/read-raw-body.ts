import { AppError } from "@/lib/errors";

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** Reads a request body as bytes, refusing (413) as soon as it passes `limit`. */
export async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("payload_too_large", `Body over ${limit} bytes`, { reason: "body_too_large", params: { max: limit } });
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("payload_too_large", `Body over ${limit} bytes`, { reason: "body_too_large", params: { max: limit } });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
