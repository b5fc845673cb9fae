import { afterAll, beforeAll, expect, test } from "vitest";
import { messages } from "@electric-sql/pglite";
import { RemotePGlite } from "@/lib/pglite-remote";

// The worker-thread PGlite (issue 14, point 4) must behave like the in-process one the Prisma
// adapter was written for: parsed rows, the caller's own parsers, transactions, errors by class.
let db: RemotePGlite;
beforeAll(async () => {
  db = await RemotePGlite.create("memory://");
  await db.exec("CREATE TABLE t (id int PRIMARY KEY, big int8, at timestamp(3), doc jsonb, tags text[])");
});
afterAll(() => db.close());

test("rows come back parsed as PGlite parses them; the caller's parsers get the text of their types", async () => {
  await db.query("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", [1, "9007199254740993", "2026-12-04 10:00:00.123", JSON.stringify({ a: [1, 2] }), ["x", "y"]]);
  const objects = await db.query<{ id: number; doc: unknown; tags: string[]; at: Date }>("SELECT id, doc, tags, at FROM t");
  expect(objects.rows).toEqual([{ id: 1, doc: { a: [1, 2] }, tags: ["x", "y"], at: new Date("2026-12-04T10:00:00.123Z") }]);
  const seen: [string, number][] = [];
  const arrays = await db.query("SELECT big, id FROM t", [], { rowMode: "array", parsers: { 20: (value: string, type: number) => (seen.push([value, type]), `int8:${value}`) } });
  expect(arrays.rows).toEqual([["int8:9007199254740993", 1]]);
  expect(seen).toEqual([["9007199254740993", 20]]);
  expect(arrays.fields.map((f) => f.name)).toEqual(["big", "id"]);
});

test("a transaction commits when its function resolves, rolls back when it throws or says so, and holds the database meanwhile", async () => {
  await db.transaction(async (tx) => {
    await tx.query("INSERT INTO t (id) VALUES (10)");
  });
  await expect(
    db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (11)");
      throw new Error("changed my mind");
    }),
  ).rejects.toThrow("changed my mind");
  await db.transaction(async (tx) => {
    await tx.query("INSERT INTO t (id) VALUES (12)");
    await tx.rollback();
    expect(tx.closed).toBe(true);
    await expect(tx.query("SELECT 1")).rejects.toThrow(/closed/);
  });
  // A statement from outside waits for the open transaction (PGlite's own lock, in the worker).
  const order: string[] = [];
  await Promise.all([
    db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (13)");
      await new Promise((r) => setTimeout(r, 50));
      order.push("tx done");
    }),
    new Promise((r) => setTimeout(r, 10)).then(async () => {
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE id = 13");
      order.push(`outside saw ${rows[0]!.n}`);
    }),
  ]);
  expect(order).toEqual(["tx done", "outside saw 1"]);
  const { rows } = await db.query<{ id: number }>("SELECT id FROM t WHERE id >= 10 ORDER BY id");
  expect(rows.map((r) => r.id)).toEqual([10, 13]);
});

test("a PostgreSQL error is PGlite's DatabaseError, with its code and detail (the adapter maps it by class)", async () => {
  const err = await db.query("INSERT INTO t (id) VALUES (1)").then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(messages.DatabaseError);
  expect(err).toMatchObject({ code: "23505", detail: "Key (id)=(1) already exists.", severity: "ERROR" });
  // The connection is fine afterwards.
  expect((await db.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
});

test("after close every call is refused instead of hanging", async () => {
  const other = await RemotePGlite.create("memory://");
  await other.close();
  await expect(other.query("SELECT 1")).rejects.toThrow(/exited/);
});
