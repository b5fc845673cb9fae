import { expect, test } from "vitest";
import { dayLabel, hue, initials, relativeTime } from "./format";

test("initials use the first and last words, skipping a trailing number", () => {
  expect(initials("Minh Pham")).toBe("MP");
  expect(initials("Nguyễn Văn An")).toBe("NA");
  expect(initials("Facebook user 1234")).toBe("FU");
  expect(initials("lan")).toBe("L");
  expect(initials("  ")).toBe("?");
});

test("relative time: now, minutes, hours, weekday, date", () => {
  const now = Date.parse("2026-06-15T12:00:00Z");
  expect(relativeTime("2026-06-15T11:59:30Z", now)).toBe("now");
  expect(relativeTime("2026-06-15T11:57:00Z", now)).toBe("3m");
  expect(relativeTime("2026-06-15T07:00:00Z", now)).toBe("5h");
  expect(relativeTime("2026-06-12T12:00:00Z", now)).toMatch(/^\p{L}+/u);
  expect(relativeTime("2026-03-01T12:00:00Z", now)).toMatch(/1/);
  // A clock slightly ahead of the server's never shows a negative time.
  expect(relativeTime("2026-06-15T12:00:05Z", now)).toBe("now");
});

test("day labels: Today, Yesterday, then the date", () => {
  const now = new Date(2026, 5, 15, 10, 0);
  expect(dayLabel(new Date(2026, 5, 15, 0, 5).toISOString(), now)).toBe("Today");
  expect(dayLabel(new Date(2026, 5, 14, 23, 55).toISOString(), now)).toBe("Yesterday");
  expect(dayLabel(new Date(2026, 5, 10, 12, 0).toISOString(), now)).not.toMatch(/Today|Yesterday/);
});

test("hues are stable and spread for near-identical names", () => {
  expect(hue("Minh Pham")).toBe(hue("Minh Pham"));
  const hues = new Set(Array.from({ length: 20 }, (_, i) => Math.floor(hue(`Facebook user 10${i}`) / 30)));
  expect(hues.size).toBeGreaterThan(5);
});

test("in Vietnamese: relative times and day labels in the agent's words, dates through Intl's vi", () => {
  const now = Date.parse("2026-06-15T12:00:00Z");
  expect(relativeTime("2026-06-15T11:59:30Z", now, "vi")).toBe("vừa xong");
  expect(relativeTime("2026-06-15T11:57:00Z", now, "vi")).toBe("3 phút");
  expect(relativeTime("2026-03-01T12:00:00Z", now, "vi")).toMatch(/thg 3/);
  const today = new Date(2026, 5, 15, 10, 0);
  expect(dayLabel(new Date(2026, 5, 15, 0, 5).toISOString(), today, "vi")).toBe("Hôm nay");
  expect(dayLabel(new Date(2026, 5, 14, 23, 55).toISOString(), today, "vi")).toBe("Hôm qua");
});
