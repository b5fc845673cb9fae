import type { Tx } from "@/lib/db";

export type Touched = { integrationId: string; messageIds: string[]; conversationIds: string[] };

/**
 * Gives the rows a transaction changed the next change number of their inbox, in
 * that transaction. Call it after the writes it numbers, and lock no conversation
 * after it: the inbox row stays locked from here to commit, so
 * numbers commit in order and a client that saw change N has missed nothing up to N
 * once it holds every event of each number (see lib/shared/change-tracker.ts).
 * Returns null when nothing was touched (no number is spent, nothing is announced).
 *
 * Lock order: conversations (by id), then the inbox. A webhook locks its
 * conversation when it bumps it and only then reaches this statement; a sender
 * marking a reply sent, or a profile refresh, reaches it without holding the
 * conversation. Locking the inbox first there deadlocked against webhooks
 * (40P01 under load on PostgreSQL), so the conversation rows are locked in the
 * inbox update's filter, which runs before that row is locked. Contacts come
 * before both (see record-incoming.ts).
 */
export async function stampChanges(tx: Tx, t: Touched): Promise<number | null> {
  const messageIds = [...new Set(t.messageIds)];
  const conversationIds = [...new Set(t.conversationIds)];
  if (!messageIds.length && !conversationIds.length) return null;
  const [row] = await tx.$queryRaw<{ seq: string }[]>`
    WITH l AS (
      SELECT "id" FROM "Conversation"
      WHERE "integrationId" = ${t.integrationId} AND "id" = ANY(${conversationIds}::text[])
      ORDER BY "id" FOR NO KEY UPDATE
    ), s AS (
      UPDATE "Integration" SET "changeSeq" = "changeSeq" + 1
      WHERE "id" = ${t.integrationId} AND (SELECT count(*) FROM l) >= 0
      RETURNING "changeSeq"
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
