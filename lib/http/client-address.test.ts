import { expect, test } from "vitest";
import { forwardedClientAddress } from "./client-address";

test("behind one proxy the client is the last hop, whatever it put in front", () => {
  // The client sent "X-Forwarded-For: 6.6.6.6"; nginx appended the address it saw.
  expect(forwardedClientAddress("6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
  expect(forwardedClientAddress("203.0.113.9", 1)).toBe("203.0.113.9");
  // A new made-up first hop per request does not give a new address.
  for (let i = 0; i < 5; i++) expect(forwardedClientAddress(`10.0.0.${i}, 203.0.113.9`, 1)).toBe("203.0.113.9");
});

test("behind N proxies the client is the N-th hop from the right", () => {
  expect(forwardedClientAddress("6.6.6.6, 203.0.113.9, 198.51.100.2", 2)).toBe("203.0.113.9");
  expect(forwardedClientAddress(["6.6.6.6, 203.0.113.9", "198.51.100.2"], 2)).toBe("203.0.113.9");
  // Fewer hops than proxies: the left-most one, which one of ours wrote.
  expect(forwardedClientAddress("203.0.113.9", 3)).toBe("203.0.113.9");
  expect(forwardedClientAddress("2001:db8::1, ::ffff:203.0.113.9", 1)).toBe("::ffff:203.0.113.9");
});

test("no trusted proxy, no header or a malformed hop: nothing (the socket address is used)", () => {
  expect(forwardedClientAddress("6.6.6.6, 203.0.113.9", 0)).toBe("");
  expect(forwardedClientAddress(undefined, 1)).toBe("");
  expect(forwardedClientAddress("", 1)).toBe("");
  expect(forwardedClientAddress(" , ", 1)).toBe("");
  expect(forwardedClientAddress("6.6.6.6, not-an-address", 1)).toBe("");
  expect(forwardedClientAddress("6.6.6.6, 203.0.113.9:4711", 1)).toBe("");
});
