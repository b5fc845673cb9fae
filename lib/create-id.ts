import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// The ids Prisma's @default(cuid()) gives (cuid v1: "c", time, counter, host fingerprint, random; 25
// lowercase base-36 characters), for rows the hot path inserts with raw SQL: one id format per table.
const BASE = 36;
const BLOCK = 4;
const MAX = BASE ** BLOCK;
let counter = randomBytes(4).readUInt32BE() % MAX;

const pad = (value: number | string, size: number) => value.toString(BASE).padStart(size, "0").slice(-size);

const fingerprint = (() => {
  const name = hostname();
  const sum = [...name].reduce((acc, ch) => acc + ch.charCodeAt(0), name.length + BASE);
  return pad(process.pid, 2) + pad(sum, 2);
})();

/** A new cuid, like the ones the schema's `@default(cuid())` generates. */
export function createId(): string {
  counter = (counter + 1) % MAX;
  const random = pad(randomBytes(4).readUInt32BE() % MAX, BLOCK) + pad(randomBytes(4).readUInt32BE() % MAX, BLOCK);
  return `c${pad(Date.now(), 8)}${pad(counter, BLOCK)}${fingerprint}${random}`;
}
