-- Conversation ownership: the agent a conversation is assigned to.
-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "assigneeId" TEXT;

-- CreateIndex
CREATE INDEX "Conversation_accountId_assigneeId_lastMessageAt_id_idx" ON "Conversation"("accountId", "assigneeId", "lastMessageAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

