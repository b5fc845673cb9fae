import { createHmac } from "node:crypto";
import { expect, test } from "vitest";
import { signFacebookBody, verifyFacebookSignature } from "./verify-signature";

const body = Buffer.from('{"object":"page","entry":[]}');

test("accepts Meta's sha256 HMAC of the raw body, hex in either case", () => {
  const hex = createHmac("sha256", "s3cret").update(body).digest("hex");
  expect(verifyFacebookSignature(body, `sha256=${hex}`, "s3cret")).toBe(true);
  expect(verifyFacebookSignature(body, `sha256=${hex.toUpperCase()}`, "s3cret")).toBe(true);
  expect(signFacebookBody(body, "s3cret")).toBe(`sha256=${hex}`);
});

test("refuses missing, malformed, truncated, wrong-secret and re-serialised bodies", () => {
  const good = signFacebookBody(body, "s3cret");
  expect(verifyFacebookSignature(body, null, "s3cret")).toBe(false);
  expect(verifyFacebookSignature(body, "", "s3cret")).toBe(false);
  expect(verifyFacebookSignature(body, good.slice(0, -2), "s3cret")).toBe(false);
  expect(verifyFacebookSignature(body, good.replace("sha256=", "sha1="), "s3cret")).toBe(false);
  expect(verifyFacebookSignature(body, good, "other")).toBe(false);
  expect(verifyFacebookSignature(Buffer.from('{"object": "page","entry":[]}'), good, "s3cret")).toBe(false);
});
