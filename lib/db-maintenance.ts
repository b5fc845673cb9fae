import { databaseKind, systemDb } from "@/lib/db";
import { log } from "@/lib/log";

// Tables every webhook rewrites rows of (a conversation's bump, an inbox's change number, read
// state): each update leaves a dead row version behind, and on a conversation's indexes too.
const UPDATED_IN_PLACE = ["Conversation", "Integration", "Contact", "ConversationRead"];

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * What autovacuum does, where none runs: the dead row versions of the tables updated in place are
 * reclaimed and every table's statistics renewed. That also has the plans cached on those tables
 * (inbox_ingest's, per connection) made again for the tables' present size: one made while a table
 * was small may, for "is this platform id stored already?", walk every message of the inbox
 * (measured: 1.07 ms per item on a database grown under plans made small, 0.35 ms once analyzed).
 */
export async function maintenanceRound(): Promise<void> {
  // The ANALYZE after covers these tables too: VACUUM (ANALYZE) here would analyze them twice.
  await systemDb().$executeRawUnsafe(`VACUUM ${UPDATED_IN_PLACE.map(quoted).join(", ")}`);
  await systemDb().$executeRawUnsafe("ANALYZE");
}

/**
 * Whether Inbox must do it itself: PGlite runs PostgreSQL in single-user mode, where no
 * autovacuum exists (it says `autovacuum = on`; nothing ever runs it); a PostgreSQL server, only
 * when its autovacuum is off.
 */
async function nothingElseVacuums(): Promise<boolean> {
  if (databaseKind() === "pglite") return true;
  const [row] = await systemDb().$queryRaw<{ on: boolean }[]>`SELECT current_setting('autovacuum') = 'on' AS "on"`;
  return !row?.on;
}

// Rows the fast path stored since the last round; past `due`, a round starts (autovacuum's rule:
// a fixed number plus a tenth of the table), at most one per `gapMs`.
let stored = 0;
let due = Infinity;
let wake: (() => void) | null = null;

/** The fast path counts what it stores: a burst of webhooks gets its round without waiting for the clock. */
export function noteStored(rows: number): void {
  stored += rows;
  if (stored >= due) wake?.();
}

/**
 * Where nothing else vacuums (nothingElseVacuums), a round every intervalMs (server.ts) and once a
 * thousand rows plus a tenth of the messages have been stored since the last one. Not at start:
 * the statistics of a database just made (nearly empty tables) would plan whole-table reads. The
 * returned function stops it, once a round in progress has ended (before the database closes).
 */
export function startDbMaintenance(opts: { intervalMs: number; gapMs?: number }): () => Promise<void> {
  let running: Promise<void> | null = null;
  let last = 0;
  let own: Promise<boolean> | null = null;
  const round = () => {
    running ??= (async () => {
      if (!(await (own ??= nothingElseVacuums()))) return;
      stored = 0;
      await maintenanceRound();
      const [row] = await systemDb().$queryRaw<{ n: number }[]>`SELECT GREATEST(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = '"Message"'::regclass`;
      due = 1000 + 0.1 * (row?.n ?? 0);
    })()
      .catch((err: unknown) => log().warn({ err }, "database maintenance failed"))
      .finally(() => {
        running = null;
        last = Date.now();
      });
  };
  stored = 0;
  due = 1000;
  wake = () => {
    if (Date.now() - last >= (opts.gapMs ?? 30_000)) round();
  };
  const timer = setInterval(round, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    wake = null;
    due = Infinity;
    await running;
  };
}
