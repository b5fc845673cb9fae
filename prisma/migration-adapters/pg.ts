// Migration-aware PostgreSQL adapter for the Prisma CLI (schema engine),
// working around @prisma/adapter-pg 6.19.3 bugs that matter for migrations.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { rethrowAsDriverError } from "./driver-error.js";
import { pgConfigFromUrl } from "./target.js";

const NAME_OID = 19;
const CHAR_OID = 18; // "char", used by pg_catalog columns such as relkind
const TEXT_OID = 25;

/** The stock adapter's (private) method every query goes through. */
type HasPerformIO = {
  performIO(query: SqlQuery): Promise<pg.QueryResult>;
}

/**
 * adapter-pg throws UnsupportedNativeDataType on `name` and `"char"` columns,
 * which the schema engine's catalog queries return: report them as text (pg
 * already hands their values over as strings).
 */
function textifyCatalogTypes(queryable: object): void {
  const target = queryable as Partial<HasPerformIO>;
  const performIO = target.performIO?.bind(queryable);
  if (!performIO) throw new Error("@prisma/adapter-pg internals changed: no performIO() to patch");
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields ?? []) {
      if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
}

async function fixedAdapter(
  config: pg.PoolConfig,
  schema: string | undefined,
  onDispose?: () => Promise<void>,
): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool(config);
  const adapter = await new PrismaPg(pool, { schema, disposeExternalPool: true }).connect();
  textifyCatalogTypes(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  const dispose = adapter.dispose.bind(adapter);
  return Object.assign(adapter, {
    // Stock executeScript splits on ";" (breaks on ";" in strings, functions,
    // comments); a parameterless query string is one simple-protocol round
    // trip, which PostgreSQL runs as one implicit transaction.
    async executeScript(script: string): Promise<void> {
      await pool.query(script).catch(rethrowAsDriverError);
    },
    async startTransaction(isolationLevel?: Parameters<SqlDriverAdapter["startTransaction"]>[0]): Promise<Transaction> {
      const tx = await startTransaction(isolationLevel);
      textifyCatalogTypes(tx);
      return tx;
    },
    async dispose(): Promise<void> {
      await dispose();
      await onDispose?.();
    },
  });
}

/** Migration adapter factory for the PostgreSQL database at `url`. */
export function pgMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  // Discrete fields, not a connectionString (which would silently win over the
  // shadow connection's `database`); idle pools must not keep the CLI alive.
  const config: pg.PoolConfig = { ...pgConfigFromUrl(url), allowExitOnIdle: true };
  const schema = new URL(url).searchParams.get("schema") ?? undefined;
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => fixedAdapter(config, schema),
    // A throwaway database next to the main one, dropped when the engine is done.
    async connectToShadowDb() {
      const admin = new pg.Client(config);
      await admin.connect();
      const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
      try {
        await admin.query(`CREATE DATABASE "${database}"`);
      } catch (e) {
        await admin.end();
        throw e;
      }
      return fixedAdapter({ ...config, database }, schema, async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.end();
      });
    },
  };
}
