import { expect, test } from "vitest";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { tenantScoped } from "./tenant-adapter";
import { asAccount } from "./tenant-context";

/** A pg-like adapter (COMMIT/ROLLBACK sent by the caller) whose connection can die at a chosen statement. */
function fakePg(dieOn: (sql: string) => boolean) {
  const log: string[] = [];
  let released = 0;
  const run = (q: SqlQuery) => {
    log.push(q.sql);
    if (dieOn(q.sql)) return Promise.reject(new Error("connection terminated"));
    return Promise.resolve();
  };
  const inner = {
    provider: "postgres",
    adapterName: "fake",
    queryRaw: () => Promise.reject(new Error("outside a transaction")),
    executeRaw: () => Promise.reject(new Error("outside a transaction")),
    executeScript: () => Promise.resolve(),
    dispose: () => Promise.resolve(),
    startTransaction: () => {
      log.push("BEGIN");
      const tx: Transaction = {
        provider: "postgres",
        adapterName: "fake",
        options: { usePhantomQuery: false },
        queryRaw: (q) => run(q).then(() => ({ columnNames: [], columnTypes: [], rows: [] })),
        executeRaw: (q) => run(q).then(() => 0),
        commit: () => Promise.resolve(void released++),
        rollback: () => Promise.resolve(void released++),
      };
      return Promise.resolve(tx);
    },
  } as unknown as SqlDriverAdapter;
  const factory = { provider: "postgres", adapterName: "fake", connect: () => Promise.resolve(inner) } as unknown as SqlDriverAdapterFactory;
  return { factory, log, released: () => released };
}

const select: SqlQuery = { sql: "SELECT 1", args: [], argTypes: [] };

test("a statement outside a transaction runs in one of its own, as inbox_app with the account set", async () => {
  const pg = fakePg(() => false);
  const adapter = await tenantScoped(pg.factory).connect();
  await asAccount("acct-1", () => adapter.queryRaw(select));
  expect(pg.log).toEqual(["BEGIN", expect.stringContaining("set_config('role', 'inbox_app', true)"), "SELECT 1", "COMMIT"]);
  expect(pg.released()).toBe(1);
});

test("the pooled connection goes back to the pool when the connection dies at the statement, at ROLLBACK or at COMMIT", async () => {
  for (const dies of ["SELECT 1", "COMMIT"]) {
    const pg = fakePg((sql) => sql === dies || (dies === "SELECT 1" && sql === "ROLLBACK"));
    const adapter = await tenantScoped(pg.factory).connect();
    await expect(asAccount("acct-1", () => adapter.queryRaw(select))).rejects.toThrow("connection terminated");
    expect({ dies, released: pg.released() }).toEqual({ dies, released: 1 });
  }
});

test("scripts are refused: migrations never run through the app's client", async () => {
  const adapter = await tenantScoped(fakePg(() => false).factory).connect();
  await expect(adapter.executeScript("DROP TABLE x")).rejects.toThrow(/not available/);
});
