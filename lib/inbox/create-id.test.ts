import { expect, test } from "vitest";
import { createId } from "./create-id";

// What Prisma's @default(cuid()) yields: cuid v1, 25 characters, "c" then lowercase base 36.
const CUID = /^c[0-9a-z]{24}$/;

test("ids have the schema's cuid format and never repeat", () => {
  const ids = Array.from({ length: 10_000 }, createId);
  for (const id of ids) expect(id).toMatch(CUID);
  expect(new Set(ids).size).toBe(ids.length);
});

test("ids made later sort later (the time block leads), like Prisma's", () => {
  const a = createId();
  const b = createId();
  expect(a.slice(1, 9) <= b.slice(1, 9)).toBe(true);
});
