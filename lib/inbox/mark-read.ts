import { db } from "@/lib/db";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";

/**
 * Marks the conversation read for this member only (unread is per agent): their read row moves
 * up to every customer message counted so far. The row change is a change of the conversation
 * (its `reads`), so the member's other tabs get it live and by catch-up; colleagues' counts stay.
 */
export async function markRead(opts: { accountId: string; userId: string; conversationId: string }): Promise<void> {
  const { accountId, userId, conversationId } = opts;
  const { integrationId } = await getConversationOrThrow(opts);
  const seq = await db().$transaction(async (tx) => {
    // One statement; a read never moves back (two tabs, a late request): only a higher count is written.
    const moved = await tx.$executeRaw`
      INSERT INTO "ConversationRead" ("conversationId", "userId", "accountId", "readCount", "readAt")
      SELECT c."id", ${userId}, c."accountId", c."inboundCount", now()
      FROM "Conversation" c WHERE c."id" = ${conversationId} AND c."accountId" = ${accountId} AND c."inboundCount" > 0
      ON CONFLICT ("conversationId", "userId") DO UPDATE SET "readCount" = EXCLUDED."readCount", "readAt" = EXCLUDED."readAt"
      WHERE "ConversationRead"."readCount" < EXCLUDED."readCount"`;
    return moved ? stampChanges(tx, { integrationId, messageIds: [], conversationIds: [conversationId] }) : null;
  });
  await announce({ accountId, integrationId, seq, changes: { ...noChanges(), conversationIds: [conversationId] } });
}
