// Applies prisma/migrations with `prisma migrate deploy`, on PostgreSQL or on
// the embedded PGlite. `npm run db:migrate` runs it for the database configured
// by DATABASE_URL / DATA_DIR; the app and tests call migrateDatabase().
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { lockDataDir } from "../lib/pglite-lock";
import {
  EMBEDDED_DATABASE_URL,
  pgConfigFromUrl,
  postgresUrl,
  resolveDataDir,
} from "../prisma/migration-adapters/target.js";

export type MigrateOptions = {
  /** PostgreSQL URL; unset, empty or the embedded sentinel means PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite data directory (default `.data`, relative to the working directory). */
  dataDir?: string;
  /** Keep the CLI's chatter to ourselves; errors still reach the rejection. */
  quiet?: boolean;
}

const PRISMA_CLI = "node_modules/prisma/build/index.js";

/** The project root: where the Prisma CLI and prisma.config.ts are. */
function projectRoot(): string {
  const besideScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  return existsSync(path.join(besideScript, PRISMA_CLI)) ? besideScript : process.cwd();
}

/** Creates the database named in `url` when it does not exist yet. */
async function ensurePostgresDatabase(url: string): Promise<void> {
  const config = pgConfigFromUrl(url);
  const probe = new pg.Client(config);
  try {
    await probe.connect();
    return; // it exists
  } catch (e) {
    if ((e as { code?: string }).code !== "3D000") throw e; // 3D000: invalid_catalog_name
  } finally {
    await probe.end().catch(() => {});
  }
  const admin = new pg.Client({ ...config, database: "postgres" });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(config.database)}`);
  } catch (e) {
    if ((e as { code?: string }).code !== "42P04") throw e; // created concurrently
  } finally {
    await admin.end();
  }
}

function describe(url: string | undefined, dataDir: string): string {
  if (!url) return `PGlite ${dataDir}`;
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/**
 * Runs `prisma migrate deploy` in a child process (the CLI must exit to release
 * an embedded database) and resolves once every migration is applied. Output is
 * forwarded; on failure, rejects with the end of the CLI's stderr (its error) in the message.
 */
export async function migrateDatabase(opts: MigrateOptions = {}): Promise<void> {
  const url = postgresUrl(opts.databaseUrl);
  const dataDir = resolveDataDir(opts.dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", DATA_DIR: dataDir };
  if (url) {
    env.DATABASE_URL = url;
    await ensurePostgresDatabase(url);
  } else {
    env.DATABASE_URL = EMBEDDED_DATABASE_URL;
    if (!dataDir.startsWith("memory://")) {
      // Refused while another process (a running server) holds the directory: migrating under it corrupts it.
      lockDataDir(dataDir);
      await mkdir(dataDir, { recursive: true });
    }
  }

  const target = describe(url, dataDir);
  const child = spawn(process.execPath, [PRISMA_CLI, "migrate", "deploy"], {
    cwd: projectRoot(),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Forward the CLI's output as it comes, keeping the end of stderr (where the
  // CLI reports errors) for the error message.
  let stderrTail = "";
  child.stdout.on("data", (chunk: Buffer) => {
    if (!opts.quiet) process.stdout.write(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (!opts.quiet) process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (c, s) => resolve([c, s]));
  });
  if (code !== 0) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    throw new Error(`prisma migrate deploy on ${target} ${how}:\n${stderrTail.trim()}`);
  }
}

// `tsx scripts/db-migrate.ts` (npm run db:migrate): migrate the configured database.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  migrateDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR }).catch(
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
