// Migration-aware PGlite adapter for the Prisma CLI (schema engine), working
// around pglite-prisma-adapter 0.7.2 bugs that matter for migrations only.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { pgliteExtensions as extensions } from "../../lib/pglite-extensions.js";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from "@prisma/driver-adapter-utils";
import { rethrowAsDriverError } from "./driver-error.js";

// The CLI calls the config's adapter() several times per command, and two
// PGlite instances on one directory corrupt it: keep one instance per directory.
const instances = new Map<string, PGlite>();

function pgliteFor(dataDir: string): PGlite {
  let db = instances.get(dataDir);
  if (!db || db.closed) {
    db = new PGlite(dataDir, { extensions });
    instances.set(dataDir, db);
  }
  return db;
}

/** Closes every cached PGlite (a clean shutdown: no recovery on next open). */
export async function closeAllPGlite(): Promise<void> {
  const dbs = [...instances.values()];
  instances.clear();
  await Promise.all(dbs.filter((db) => !db.closed).map((db) => db.close()));
}

// The CLI exits by letting the event loop drain; close the databases then.
// (Error paths call process.exit() directly: PGlite then recovers from its WAL.)
let closeOnExitArmed = false;
function closeOnExit(): void {
  if (closeOnExitArmed) return;
  closeOnExitArmed = true;
  process.once("beforeExit", () => {
    closeAllPGlite().catch((e: unknown) => console.error("Closing PGlite failed:", e));
  });
}

async function fixedAdapter(db: PGlite, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPGlite(db).connect();
  const executeRaw = adapter.executeRaw.bind(adapter);
  const dispose = adapter.dispose.bind(adapter);
  return Object.assign(adapter, {
    // Stock executeScript does not await exec(): a failing migration would be
    // recorded as applied.
    async executeScript(script: string): Promise<void> {
      await db.exec(script).catch(rethrowAsDriverError);
    },
    // Parameterless executeRaw is how the engine runs whole migration scripts
    // on the shadow database; the extended protocol (db.query) accepts only one
    // statement, so use the simple protocol (db.exec) for those.
    async executeRaw(query: SqlQuery): Promise<number> {
      if (query.args.length > 0) return executeRaw(query);
      const results = await db.exec(query.sql).catch(rethrowAsDriverError);
      return results.reduce((n, r) => n + (r.affectedRows ?? 0), 0);
    },
    async dispose(): Promise<void> {
      await dispose();
      await onDispose?.();
    },
  });
}

/** Migration adapter factory for the PGlite database in `dataDir` (or `memory://`). */
export function pgliteMigrationAdapter(dataDir: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    // Opened on connect, not when the config loads (`prisma generate` needs no db).
    connect() {
      closeOnExit();
      return fixedAdapter(pgliteFor(dataDir));
    },
    // A fresh in-memory database each time, closed when the engine is done.
    connectToShadowDb() {
      const shadow = new PGlite("memory://", { extensions });
      return fixedAdapter(shadow, () => shadow.close());
    },
  };
}
