import { PrismaClient } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db";
import { getProcessState, setProcessState } from "@/lib/process-state";
import { lockDataDir, unlockDataDir } from "@/lib/pglite-lock";

type Options = { databaseUrl?: string | undefined; dataDir: string };

/**
 * Opens PostgreSQL (DATABASE_URL) or the embedded PGlite database in dataDir and
 * installs it as the process-wide client. A PGlite directory belongs to one
 * process: migrate before opening, close on shutdown.
 */
export async function openDatabase(opts: Options): Promise<Database> {
  const current = getProcessState("db");
  if (current) return current;
  const opened = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir);
  setProcessState("db", opened);
  return opened;
}

export async function closeDatabase(): Promise<void> {
  setProcessState("integrations", undefined); // cached rows belong to the database being closed
  const opened = getProcessState("db");
  setProcessState("db", undefined);
  await opened?.close();
}

async function openPostgres(url: string): Promise<Database> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  await prisma.$connect();
  return { prisma, kind: "postgres", close: () => prisma.$disconnect() };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith("memory://")) lockDataDir(dataDir);
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const { pgliteExtensions: extensions } = await import("@/lib/pglite-extensions");
  const pglite = await PGlite.create(dataDir, { extensions });
  // pglite-prisma-adapter is typed against Prisma 7's adapter utils; the runtime contract is the same.
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) as never });
  return {
    prisma,
    kind: "pglite",
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      unlockDataDir(dataDir);
    },
  };
}
