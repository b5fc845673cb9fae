import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getProcessState } from "@/lib/process-state";

export type { Database } from "@/lib/process-state";

/**
 * The one Prisma client of this process. server.ts (or a test) opens it with
 * openDatabase(); Next's bundles load their own copies of modules, so the
 * instance lives in lib/process-state.ts and this module imports Prisma as a type only.
 */
export function db(): PrismaClient {
  const opened = getProcessState("db");
  if (!opened) throw new Error("database not opened: call openDatabase() first");
  return opened.prisma;
}

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
