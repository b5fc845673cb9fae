import { db } from "@/lib/db";
import { scopeOf } from "@/lib/access/visible-inboxes";

/**
 * How many conversations the member has unread messages in, among the inboxes they may see:
 * the tab title's and favicon's count. Unread is per agent: customer messages counted past
 * this member's own read row (none: never opened).
 */
export async function countUnreadConversations(opts: { accountId: string; userId: string }): Promise<number> {
  const scope = await scopeOf(opts);
  const ids = scope.all ? null : scope.ids;
  const [row] = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS "n"
    FROM "Conversation" c
    LEFT JOIN "ConversationRead" r ON r."conversationId" = c."id" AND r."userId" = ${opts.userId}
    WHERE c."accountId" = ${opts.accountId} AND c."inboundCount" > COALESCE(r."readCount", 0)
      AND (${ids === null}::boolean OR c."integrationId" = ANY(${ids ?? []}::text[]))`;
  return Number(row?.n ?? 0);
}
