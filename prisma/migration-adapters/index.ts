// Driver adapters for the Prisma CLI's schema engine (prisma.config.ts).
// They are for migrations only: the app uses the stock adapters.
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { pgMigrationAdapter } from "./pg.js";
import { pgliteMigrationAdapter } from "./pglite.js";
import { migrationTarget } from "./target.js";

export { pgMigrationAdapter } from "./pg.js";
export { closeAllPGlite, pgliteMigrationAdapter } from "./pglite.js";
export * from "./target.js";

/** PostgreSQL for a real DATABASE_URL, else the PGlite database in DATA_DIR. */
export function migrationAdapterFromEnv(env: NodeJS.ProcessEnv = process.env): SqlMigrationAwareDriverAdapterFactory {
  const target = migrationTarget(env);
  return target.kind === "postgres" ? pgMigrationAdapter(target.url) : pgliteMigrationAdapter(target.dataDir);
}
