import { expect, test } from "vitest";
import { ChangeTracker } from "./change-tracker";

const ref = (seq: number, count = 1, inboxId = "a") => ({ inboxId, seq, count });

test("a change counts once all of its events arrived; positions move over complete runs only", () => {
  const t = new ChangeTracker();
  t.advanceTo({ a: 4 }, 0);
  t.receive(ref(5, 2), 0);
  expect(t.position("a")).toBe(4); // one of two events of change 5
  t.receive(ref(5, 2), 0);
  expect(t.position("a")).toBe(5);
  expect(t.gapAge(10)).toBe(0);
});

test("a missing number opens a gap that ages until a catch-up closes it", () => {
  const t = new ChangeTracker();
  t.advanceTo({ a: 1 }, 0);
  t.receive(ref(3), 100); // 2 was lost
  expect(t.position("a")).toBe(1);
  expect(t.gapAge(2100)).toBe(2000);
  expect(t.sinceQuery()).toBe("a:1");
  t.advanceTo({ a: 3 }, 2200); // the catch-up's answer
  expect(t.position("a")).toBe(3);
  expect(t.gapAge(5000)).toBe(0);
});

test("events before the first position are kept and settle once it is known; old ones are ignored", () => {
  const t = new ChangeTracker();
  t.receive(ref(7), 0);
  expect(t.gapAge(10_000)).toBe(0); // nothing to compare with yet
  t.advanceTo({ a: 6 }, 10);
  expect(t.position("a")).toBe(7);
  expect(t.receive(ref(7), 20)).toBe(false);
  expect(t.receive(ref(3), 20)).toBe(false);
  expect(t.position("a")).toBe(7);
});

test("positions never move back, and each inbox counts on its own", () => {
  const t = new ChangeTracker();
  t.advanceTo({ a: 5, b: 2 });
  t.advanceTo({ a: 3, b: 4 });
  expect(t.positions()).toEqual({ a: 5, b: 4 });
  t.receive(ref(1, 1, "c")); // an inbox connected after the list was read starts at 0
  expect(t.position("c")).toBe(1);
});
