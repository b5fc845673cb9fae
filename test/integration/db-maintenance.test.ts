import { describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { startDbMaintenance } from "@/lib/db-maintenance";
import { postFacebook } from "../support/webhooks";
import { databaseKinds } from "../support/test-db";
import { ACME, useWorld } from "../support/world";

type Stat = { name: string; analyzed: boolean; vacuumed: boolean };

async function tableStats(): Promise<Stat[]> {
  return systemDb().$queryRaw<Stat[]>`
    SELECT relname::text AS name, last_analyze IS NOT NULL AS analyzed, last_vacuum IS NOT NULL AS vacuumed
    FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname <> '_prisma_migrations' ORDER BY relname`;
}

const touched = async () => (await tableStats()).filter((t) => t.vacuumed || t.analyzed);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ROUND = ["Contact", "Conversation", "ConversationRead", "Integration"];

/** Whether Inbox runs the rounds here: PGlite always, PostgreSQL when the server's autovacuum is off. */
async function roundsAreInboxs(kind: string): Promise<boolean> {
  const [setting] = await systemDb().$queryRaw<{ on: boolean }[]>`SELECT current_setting('autovacuum') = 'on' AS "on"`;
  return kind === "pglite" || !setting!.on;
}

for (const kind of databaseKinds()) {
  describe(`database maintenance (${kind})`, () => {
    useWorld(kind);

    it("where no autovacuum runs (PGlite always, PostgreSQL when it is off), Inbox vacuums the tables updated in place and analyzes all, every interval, never at start", async () => {
      const ownRounds = await roundsAreInboxs(kind);
      const stop = startDbMaintenance({ intervalMs: 150 });
      // Nothing at start: a database just made would get the statistics of nearly empty tables.
      expect(await touched()).toEqual([]);
      await sleep(1_000);
      await stop();
      const stats = await tableStats();
      if (!ownRounds) return expect(await touched()).toEqual([]);
      expect(stats.filter((t) => t.vacuumed).map((t) => t.name)).toEqual(ROUND);
      expect(stats.filter((t) => !t.analyzed)).toEqual([]);
    });

    it("a burst of webhooks gets its round once a thousand rows are stored, before the interval", async () => {
      const ownRounds = await roundsAreInboxs(kind);
      const stop = startDbMaintenance({ intervalMs: 3_600_000 });
      try {
        const before = await tableStats();
        const stamp = async () => systemDb().$queryRaw<{ at: Date | null }[]>`SELECT last_vacuum AS at FROM pg_stat_user_tables WHERE relname = 'Conversation'`;
        const [was] = await stamp();
        // 999 rows: not yet.
        const send = async (n: number, tag: string) => {
          const page = ACME.facebook.pageId;
          const messaging = Array.from({ length: n }, (_, i) => ({ sender: { id: `7700${i % 20}` }, recipient: { id: page }, timestamp: Date.now(), message: { mid: `m.maint.${tag}.${i}`, text: `hello ${i}` } }));
          const res = await postFacebook(JSON.stringify({ object: "page", entry: [{ id: page, time: Date.now(), messaging }] }));
          expect(res.status).toBe(200);
        };
        for (const part of ["a", "b", "c"]) await send(333, part);
        await sleep(300);
        expect((await stamp())[0]!.at).toEqual(was!.at);
        await send(1, "d");
        await sleep(ownRounds ? 1_500 : 300);
        const [now] = await stamp();
        if (!ownRounds) return expect(now!.at).toEqual(was!.at);
        expect(now!.at).not.toEqual(was!.at);
        expect(before.length).toBeGreaterThan(0);
      } finally {
        await stop();
      }
    });
  });
}
