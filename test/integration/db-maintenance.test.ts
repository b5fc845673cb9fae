import { describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { startDbMaintenance } from "@/lib/db-maintenance";
import { databaseKinds } from "../support/test-db";
import { useWorld } from "../support/world";

type Stat = { name: string; analyzed: boolean; vacuumed: boolean };

async function tableStats(): Promise<Stat[]> {
  return systemDb().$queryRaw<Stat[]>`
    SELECT relname::text AS name, last_analyze IS NOT NULL AS analyzed, last_vacuum IS NOT NULL AS vacuumed
    FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname <> '_prisma_migrations' ORDER BY relname`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of databaseKinds()) {
  describe(`database maintenance (${kind})`, () => {
    useWorld(kind);

    it(
      kind === "pglite"
        ? "PGlite, which has no autovacuum, is vacuumed and analyzed by Inbox: the tables updated in place, every interval, not at start"
        : "PostgreSQL is left to its own autovacuum: Inbox vacuums nothing",
      async () => {
        const stop = startDbMaintenance({ intervalMs: 150 });
        // Nothing at start: a database just made would get the statistics of nearly empty tables.
        expect((await tableStats()).filter((t) => t.vacuumed || t.analyzed)).toEqual([]);
        await sleep(kind === "pglite" ? 1_000 : 400);
        await stop();
        const stats = await tableStats();
        if (kind === "postgres") return expect(stats.filter((t) => t.vacuumed || t.analyzed)).toEqual([]);
        expect(stats.filter((t) => t.vacuumed).map((t) => t.name)).toEqual(["Contact", "Conversation", "ConversationRead", "Integration"]);
        expect(stats.filter((t) => !t.analyzed)).toEqual([]);
      },
    );
  });
}
