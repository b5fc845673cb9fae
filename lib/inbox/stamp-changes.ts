import type { Tx } from "@/lib/db";

export type Touched = { integrationId: string; messageIds: string[]; conversationIds: string[] };

/**
 * Gives the rows a transaction changed the next change number of their inbox, in
 * that transaction. Call it last: the inbox row stays locked from here to commit, so
 * numbers commit in order and a client that saw change N has missed nothing up to N
 * once it holds every event of each number (see lib/shared/change-tracker.ts).
 * Returns null when nothing was touched (no number is spent, nothing is announced).
 */
export async function stampChanges(tx: Tx, t: Touched): Promise<number | null> {
  const messageIds = [...new Set(t.messageIds)];
  const conversationIds = [...new Set(t.conversationIds)];
  if (!messageIds.length && !conversationIds.length) return null;
  const [row] = await tx.$queryRaw<{ seq: string }[]>`
    WITH s AS (
      UPDATE "Integration" SET "changeSeq" = "changeSeq" + 1 WHERE "id" = ${t.integrationId} RETURNING "changeSeq"
    ), m AS (
      UPDATE "Message" SET "seq" = (SELECT "changeSeq" FROM s)
      WHERE "integrationId" = ${t.integrationId} AND "id" = ANY(${messageIds}::text[]) RETURNING 1
    ), c AS (
      UPDATE "Conversation" SET "seq" = (SELECT "changeSeq" FROM s)
      WHERE "integrationId" = ${t.integrationId} AND "id" = ANY(${conversationIds}::text[]) RETURNING 1
    )
    SELECT "changeSeq"::text AS "seq" FROM s`;
  if (!row) throw new Error("stampChanges: unknown integration");
  return Number(row.seq);
}
