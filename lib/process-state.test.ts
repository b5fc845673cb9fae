import { expect, test } from "vitest";
import { ensureProcessState, getProcessState, resetProcessStateForTests, setProcessState } from "@/lib/process-state";
import { rateLimiter } from "@/lib/http/rate-limit";

test("slots live on globalThis, so every copy of the module (one per Next bundle) sees the same state", () => {
  const set = ensureProcessState("background", () => new Set());
  expect(getProcessState("background")).toBe(set);
  expect(globalThis.__inboxState?.background).toBe(set);
  setProcessState("background", undefined);
  expect(getProcessState("background")).toBeUndefined();
});

test("the reset forgets buckets and the like but keeps open handles for their owners to close", () => {
  const db = { kind: "pglite" } as never;
  setProcessState("db", db);
  const limiter = rateLimiter("probe", { capacity: 1, perSecond: 0.001 });
  expect(limiter.take("k")).toBe(true);
  expect(limiter.take("k")).toBe(false);
  resetProcessStateForTests();
  expect(getProcessState("db")).toBe(db);
  expect(getProcessState("rateLimits")).toBeUndefined();
  expect(rateLimiter("probe", { capacity: 1, perSecond: 0.001 }).take("k")).toBe(true);
  setProcessState("db", undefined);
});
