import { createHash, timingSafeEqual } from "node:crypto";

/** X-ZEvent-Signature: mac=<hex sha256(app_id + raw body + timestamp + OA secret key)>. */
export function zaloMac(appId: string, raw: string | Buffer, timestamp: string, secretKey: string): string {
  return createHash("sha256").update(appId).update(raw).update(timestamp).update(secretKey).digest("hex");
}

export function verifyZaloSignature(
  raw: Buffer,
  header: string | null,
  p: { appId: string; timestamp: string; secretKey: string },
): boolean {
  const match = /^mac=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match?.[1]) return false;
  const expected = Buffer.from(zaloMac(p.appId, raw, p.timestamp, p.secretKey), "hex");
  const given = Buffer.from(match[1], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
