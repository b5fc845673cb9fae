import { databaseKind, systemDb } from "@/lib/db";
import { log } from "@/lib/log";

// Tables every webhook rewrites rows of (a conversation's bump, an inbox's change number, read
// state): each update leaves a dead row version behind, and on a conversation's indexes too.
const UPDATED_IN_PLACE = ["Conversation", "Integration", "Contact", "ConversationRead"];

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * What autovacuum does on a PostgreSQL server, for PGlite, which runs PostgreSQL in single-user
 * mode and so has no autovacuum at all (it says `autovacuum = on`; nothing ever runs it): the dead
 * row versions of the tables updated in place are reclaimed, and every table's statistics renewed.
 * That also makes the plans cached on those tables (inbox_ingest's, per connection) be made again
 * for the tables' present size: one made while a table was small may scan what has since grown.
 */
export async function vacuumEmbedded(): Promise<void> {
  await systemDb().$executeRawUnsafe(`VACUUM (ANALYZE) ${UPDATED_IN_PLACE.map(quoted).join(", ")}`);
  await systemDb().$executeRawUnsafe("ANALYZE");
}

/**
 * On PGlite, vacuumEmbedded every intervalMs (server.ts); the first round after one interval, not
 * at start: statistics of a database just made (nearly empty tables) would have every plan read
 * whole tables until the next round. A PostgreSQL server's own autovacuum does this there. The
 * returned function stops it, once a round in progress has ended (before the database closes).
 */
export function startDbMaintenance(opts: { intervalMs: number }): () => Promise<void> {
  if (databaseKind() !== "pglite") return async () => undefined;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= vacuumEmbedded()
      .catch((err: unknown) => log().warn({ err }, "database maintenance failed"))
      .finally(() => (running = null));
  }, opts.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
