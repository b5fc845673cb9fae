import { expect, test } from "vitest";
import { clampToNow, FUTURE_SKEW_MS } from "@/lib/channels/clamp-to-now";
import { checkFreshness } from "./check-freshness";

const now = Date.UTC(2026, 11, 2, 12, 0, 0);
const window = 15 * 60_000;

test("±15 minutes are fresh; outside them, too old or in the future", () => {
  expect(checkFreshness(now, window, now)).toBeNull();
  expect(checkFreshness(now - window, window, now)).toBeNull();
  expect(checkFreshness(now + window, window, now)).toBeNull();
  expect(checkFreshness(now - window - 1, window, now)).toBe("too_old");
  expect(checkFreshness(now + window + 1, window, now)).toBe("in_future");
  expect(checkFreshness(Date.UTC(2010, 0, 1), window, now)).toBe("too_old");
  expect(checkFreshness(Date.UTC(2286, 0, 1), window, now)).toBe("in_future");
  expect(checkFreshness(NaN, window, now)).toBe("too_old");
});

test("a stored time is at most now plus a small skew", () => {
  expect(clampToNow(new Date(now - 5_000), now).getTime()).toBe(now - 5_000);
  expect(clampToNow(new Date(now + FUTURE_SKEW_MS), now).getTime()).toBe(now + FUTURE_SKEW_MS);
  expect(clampToNow(new Date(now + FUTURE_SKEW_MS + 1), now).getTime()).toBe(now);
  expect(clampToNow(new Date(Date.UTC(2286, 0, 1)), now).getTime()).toBe(now);
});
