import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getProcessState, type Database } from "@/lib/process-state";

export type { Database } from "@/lib/process-state";

/**
 * The app's Prisma client: every statement runs as the app role, limited by row-level
 * security to the account of asAccount (lib/tenancy/tenant-context.ts); outside it, no tenant row.
 * server.ts (or a test) opens it with openDatabase(); Next's bundles load their own copies of modules, so the
 * instance lives in lib/process-state.ts and this module imports Prisma as a type only.
 */
export function db(): PrismaClient {
  return opened().prisma;
}

/**
 * The owner's client, which row-level security does not limit: only for the lookups that must
 * cross accounts before an account is known (a session by its id, a page by its platform id,
 * sign-in by email, a token link) and for jobs that sweep every account. test/privileged-paths.test.ts
 * holds the list of modules allowed to import it, each with its reason.
 */
export function systemDb(): PrismaClient {
  return opened().system;
}

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Runs the webhook fast path's one statement (`inbox_ingest`, lib/inbox/fast-ingest.ts) on the
 * driver, below Prisma. It can do nothing else: the SQL function sets the app role and each
 * item's account itself, so row-level security bounds it like every other tenant query.
 */
export function ingestStatement(items: string): Promise<unknown> {
  return opened().ingest(items);
}

export function databaseKind(): Database["kind"] {
  return opened().kind;
}

function opened(): Database {
  const db = getProcessState("db");
  if (!db) throw new Error("database not opened: call openDatabase() first");
  return db;
}
