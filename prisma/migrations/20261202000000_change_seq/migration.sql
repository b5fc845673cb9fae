-- Catch-up after a (re)connect: every change to an inbox's conversations and messages gets the next
-- number of that inbox, written in the same transaction (see lib/inbox/stamp-changes.ts).
-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "followChangedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "seq" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "changeSeq" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "seq" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Conversation_integrationId_seq_idx" ON "Conversation"("integrationId", "seq");

-- CreateIndex
CREATE INDEX "Message_integrationId_seq_idx" ON "Message"("integrationId", "seq");

