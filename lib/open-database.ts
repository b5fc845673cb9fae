import { PrismaClient } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db";
import { getProcessState, setProcessState } from "@/lib/process-state";
import { lockDataDir, unlockDataDir } from "@/lib/pglite-lock";
import { log } from "@/lib/log";
import { tenantScoped } from "@/lib/tenancy/tenant-adapter";
import { unbatched } from "@/lib/tenancy/unbatched";

// The fast path's statement (prisma/migrations/20261219000000_ingest_fast_path): the function switches to
// the app role and to each item's account itself, so it needs neither the tenant adapter nor Prisma,
// and one round trip holds the work and its commit (issues 13 and 14).
const INGEST = "SELECT inbox_ingest($1::jsonb) AS r";

type Options = { databaseUrl?: string | undefined; dataDir: string; /** PostgreSQL: the app's own login role (DATABASE_APP_URL). */ appDatabaseUrl?: string | undefined };

/**
 * Opens PostgreSQL (DATABASE_URL) or the embedded PGlite database in dataDir and
 * installs it as the process-wide client. A PGlite directory belongs to one
 * process: migrate before opening, close on shutdown.
 */
export async function openDatabase(opts: Options): Promise<Database> {
  const current = getProcessState("db");
  if (current) return current;
  const opened = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.appDatabaseUrl) : await openPglite(opts.dataDir);
  setProcessState("db", opened);
  return opened;
}

export async function closeDatabase(): Promise<void> {
  setProcessState("integrations", undefined); // cached rows belong to the database being closed
  const opened = getProcessState("db");
  setProcessState("db", undefined);
  await opened?.close();
}

// Two clients over one connection pool (PGlite: one connection): `prisma` runs every statement
// as the app role inside the current account (lib/tenancy/tenant-adapter.ts); `system` is the
// owner, for the few lookups that must cross accounts (lib/db.ts systemDb; test/privileged-paths.test.ts says which modules).
// With an app URL (a login role that is a member of inbox_app), the app's pool is its own: its
// connections cannot RESET ROLE back to the owner; the owner's pool stays small.
async function openPostgres(url: string, appUrl: string | undefined): Promise<Database> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { default: pg } = await import("pg");
  // A database that drops packets instead of refusing them fails a connection attempt in 10 s
  // (503) rather than holding the request, and a pooled connection's TCP keepalive finds it dead.
  const options = { connectionTimeoutMillis: 10_000, keepAlive: true };
  const pool = new pg.Pool({ connectionString: url, max: appUrl ? 5 : 10, ...options });
  const appPool = appUrl ? new pg.Pool({ connectionString: appUrl, max: 10, ...options }) : pool;
  // An idle pooled connection the server ends (a restart, a dropped database) emits 'error' on
  // its pool; unheard, that would crash the process. The pool drops the connection either way.
  for (const p of new Set([pool, appPool])) p.on("error", (err) => log().warn({ err: err.message }, "idle database connection lost"));
  const prisma = unbatched(new PrismaClient({ adapter: tenantScoped(new PrismaPg(appPool)) }));
  const system = new PrismaClient({ adapter: new PrismaPg(pool) });
  await Promise.all([prisma.$connect(), system.$connect()]);
  return {
    prisma,
    system,
    kind: "postgres",
    // Named: each connection parses and plans it once, not once per batch.
    ingest: async (items) => (await appPool.query<{ r: unknown }>({ name: "inbox_ingest", text: INGEST, values: [items] })).rows[0]?.r,
    close: async () => {
      await Promise.all([prisma.$disconnect(), system.$disconnect()]);
      await Promise.all([pool.end(), appPool === pool ? null : appPool.end()]);
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith("memory://")) lockDataDir(dataDir);
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const { pgliteExtensions: extensions } = await import("@/lib/pglite-extensions");
  const pglite = await PGlite.create(dataDir, { extensions });
  // pglite-prisma-adapter is typed against Prisma 7's adapter utils; the runtime contract is the same.
  const prisma = unbatched(new PrismaClient({ adapter: tenantScoped(new PrismaPGlite(pglite) as never) }));
  const system = new PrismaClient({ adapter: new PrismaPGlite(pglite) as never });
  return {
    prisma,
    system,
    kind: "pglite",
    ingest: async (items) => (await pglite.query<{ r: unknown }>(INGEST, [items])).rows[0]?.r,
    close: async () => {
      await Promise.all([prisma.$disconnect(), system.$disconnect()]);
      await pglite.close();
      unlockDataDir(dataDir);
    },
  };
}
