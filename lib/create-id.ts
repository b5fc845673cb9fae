import { randomBytes, randomFillSync } from "node:crypto";
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

// Random bytes drawn 4 KiB at a time: a webhook makes several ids, and two calls into the CSPRNG
// per id were a measurable part of the fast path's CPU.
const pool = Buffer.alloc(4096);
let offset = pool.length;
function random32(): number {
  if (offset + 4 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const value = pool.readUInt32BE(offset);
  offset += 4;
  return value;
}

/** A new cuid, like the ones the schema's `@default(cuid())` generates. */
export function createId(): string {
  counter = (counter + 1) % MAX;
  const random = pad(random32() % MAX, BLOCK) + pad(random32() % MAX, BLOCK);
  return `c${pad(Date.now(), 8)}${pad(counter, BLOCK)}${fingerprint}${random}`;
}
