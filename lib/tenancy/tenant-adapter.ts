import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";
import { currentAccountId } from "@/lib/tenancy/tenant-context";

/** The role request work runs as: no owner, no superuser, no BYPASSRLS (created by the row-level-security migration). */
export const APP_ROLE = "inbox_app";

// Both settings are transaction-local: they end with the transaction, so a pooled connection
// never carries one request's account into the next. An unset account ('' here) matches no row.
const ENTER: SqlQuery = {
  sql: `SELECT set_config('role', '${APP_ROLE}', true), set_config('app.account_id', $1, true)`,
  args: [],
  argTypes: [{ scalarType: "string", arity: "scalar" }],
};

const enter = (accountId: string | undefined): SqlQuery => ({ ...ENTER, args: [accountId ?? ""] });

/** Starts a transaction already switched to the app role and the current account. */
async function begin(inner: SqlDriverAdapter, isolationLevel?: IsolationLevel): Promise<Transaction> {
  const tx = await inner.startTransaction(isolationLevel);
  try {
    await tx.queryRaw(enter(currentAccountId()));
  } catch (err) {
    await finish(tx, "ROLLBACK").catch(() => {});
    throw err;
  }
  return tx;
}

// pg leaves COMMIT/ROLLBACK to its caller (usePhantomQuery false); PGlite runs them itself.
// commit()/rollback() hand the connection back to the pool: they run even when the SQL failed
// (a connection that died mid-statement), or each failure would keep one pooled connection forever.
async function finish(tx: Transaction, how: "COMMIT" | "ROLLBACK"): Promise<void> {
  try {
    if (!tx.options.usePhantomQuery) await tx.executeRaw({ sql: how, args: [], argTypes: [] });
  } finally {
    await (how === "COMMIT" ? tx.commit() : tx.rollback());
  }
}

/** One statement outside a transaction gets a transaction of its own, so the settings hold for it. */
async function alone<T>(inner: SqlDriverAdapter, run: (tx: Transaction) => Promise<T>): Promise<T> {
  const tx = await begin(inner);
  let result: T;
  try {
    result = await run(tx);
  } catch (err) {
    await finish(tx, "ROLLBACK").catch(() => {});
    throw err;
  }
  await finish(tx, "COMMIT");
  return result;
}

function scoped(inner: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q: SqlQuery): Promise<SqlResultSet> => alone(inner, (tx) => tx.queryRaw(q)),
    executeRaw: (q: SqlQuery): Promise<number> => alone(inner, (tx) => tx.executeRaw(q)),
    startTransaction: (isolationLevel?: IsolationLevel) => begin(inner, isolationLevel),
    // Scripts are migrations' business, and migrations never run through the app's client.
    executeScript: () => Promise.reject(new Error("executeScript is not available to the app's client")),
    ...(inner.getConnectionInfo && { getConnectionInfo: () => inner.getConnectionInfo!() }),
    dispose: () => inner.dispose(),
  };
}

/**
 * Wraps a driver adapter so that every statement Prisma sends — model queries, raw SQL,
 * interactive transactions — runs as APP_ROLE with `app.account_id` set to the account of
 * the work in progress (asAccount). Below Prisma, so no call site can skip it: a query that
 * forgets its account filter sees and writes only that account's rows, and outside asAccount none.
 */
export function tenantScoped(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => scoped(await factory.connect()),
  };
}
