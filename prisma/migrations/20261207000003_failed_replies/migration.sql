-- Replies not sent yet, per conversation (counted from the existing failed outbound messages).
-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "failedReplies" INTEGER NOT NULL DEFAULT 0;


UPDATE "Conversation" c SET "failedReplies" = f.n FROM (SELECT "conversationId", count(*)::int AS n FROM "Message" WHERE "direction" = 'outbound' AND "status" = 'failed' GROUP BY "conversationId") f WHERE f."conversationId" = c."id";
