import { expect, test } from "vitest";
import { httpUrlOrNull, MAX_URL_LENGTH } from "./safe-url";

test("http(s) URLs are kept, normalised", () => {
  expect(httpUrlOrNull("https://zalo.example/photo.jpg")).toBe("https://zalo.example/photo.jpg");
  expect(httpUrlOrNull("http://cdn.example/a b")).toBe("http://cdn.example/a%20b");
  expect(httpUrlOrNull("HTTPS://CDN.example/x")).toBe("https://cdn.example/x");
});

test("other schemes, junk and overlong URLs are not", () => {
  for (const bad of ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "vbscript:x", "//evil.example/x", "not a url", "", null, undefined]) {
    expect(httpUrlOrNull(bad), String(bad)).toBeNull();
  }
  const long = `https://cdn.example/${"a".repeat(MAX_URL_LENGTH)}`;
  expect(httpUrlOrNull(long)).toBeNull();
  expect(httpUrlOrNull(long.slice(0, MAX_URL_LENGTH))).toBe(long.slice(0, MAX_URL_LENGTH));
});
