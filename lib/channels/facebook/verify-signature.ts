import { createHmac, timingSafeEqual } from "node:crypto";

/** X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>, compared in constant time. */
export function verifyFacebookSignature(raw: Buffer, header: string | null, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match?.[1]) return false;
  const expected = createHmac("sha256", appSecret).update(raw).digest();
  const given = Buffer.from(match[1], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signFacebookBody(raw: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(raw).digest("hex")}`;
}
