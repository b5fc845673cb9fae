import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { verifyZaloSignature, zaloMac } from "./verify-signature";

const raw = Buffer.from('{"event_name":"user_send_text","timestamp":"1700000000000"}');
const p = { appId: "300000000000001", timestamp: "1700000000000", secretKey: "k" };

test("mac = sha256(app_id + raw body + timestamp + OA secret key), as Zalo documents", () => {
  const expected = createHash("sha256").update(`${p.appId}${raw.toString()}${p.timestamp}${p.secretKey}`).digest("hex");
  expect(zaloMac(p.appId, raw, p.timestamp, p.secretKey)).toBe(expected);
  expect(verifyZaloSignature(raw, `mac=${expected}`, p)).toBe(true);
});

test("refuses another key, another timestamp, a bare hex or nothing", () => {
  const mac = zaloMac(p.appId, raw, p.timestamp, p.secretKey);
  expect(verifyZaloSignature(raw, `mac=${mac}`, { ...p, secretKey: "other" })).toBe(false);
  expect(verifyZaloSignature(raw, `mac=${mac}`, { ...p, timestamp: "1" })).toBe(false);
  expect(verifyZaloSignature(raw, mac, p)).toBe(false);
  expect(verifyZaloSignature(raw, null, p)).toBe(false);
});
