// Which database the migration tooling talks to, decided from the environment.
// Free of driver imports so scripts can use it cheaply.
import path from "node:path";
import type { ClientConfig } from "pg";

/**
 * DATABASE_URL value meaning "use the embedded PGlite in DATA_DIR". The Prisma
 * CLI insists on DATABASE_URL being set (else it falls back to the native
 * engine and tries to download it), so `npm run prisma` sets this sentinel.
 */
export const EMBEDDED_DATABASE_URL = "postgresql://embedded/pglite";

export const DEFAULT_DATA_DIR = ".data";

export type MigrationTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

/** The PostgreSQL URL to use, or undefined for the embedded PGlite. */
export function postgresUrl(databaseUrl: string | undefined): string | undefined {
  return databaseUrl && databaseUrl !== EMBEDDED_DATABASE_URL ? databaseUrl : undefined;
}

/** Absolute data directory (default .data); `memory://...` is kept as is. */
export function resolveDataDir(dataDir: string | undefined): string {
  const dir = dataDir || DEFAULT_DATA_DIR;
  return dir.startsWith("memory://") ? dir : path.resolve(dir);
}

export function migrationTarget(env: NodeJS.ProcessEnv = process.env): MigrationTarget {
  const url = postgresUrl(env.DATABASE_URL);
  return url ? { kind: "postgres", url } : { kind: "pglite", dataDir: resolveDataDir(env.DATA_DIR) };
}

/** Discrete `pg` connection fields from a postgres:// URL (sslmode honoured). */
export function pgConfigFromUrl(url: string): ClientConfig & { database: string } {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname) || "localhost",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || "postgres",
    ssl: sslmode && sslmode !== "disable" ? { rejectUnauthorized: sslmode === "verify-full" } : undefined,
  };
}
