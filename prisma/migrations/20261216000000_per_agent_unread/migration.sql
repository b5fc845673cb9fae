-- Unread becomes per agent (issue 12, bug 5). The shared counter keeps its values and only counts up from
-- now on; an agent's unread is it minus their own read row. No rows yet: every member starts where the
-- shared count left off, so nobody's badges change with the upgrade.
ALTER TABLE "Conversation" RENAME COLUMN "unreadCount" TO "inboundCount";

-- CreateTable
CREATE TABLE "ConversationRead" (
    "conversationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "readCount" INTEGER NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationRead_pkey" PRIMARY KEY ("conversationId","userId")
);

-- CreateIndex
CREATE INDEX "ConversationRead_userId_accountId_idx" ON "ConversationRead"("userId", "accountId");

-- AddForeignKey
ALTER TABLE "ConversationRead" ADD CONSTRAINT "ConversationRead_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey: removing a member removes their read state in that account.
ALTER TABLE "ConversationRead" ADD CONSTRAINT "ConversationRead_userId_accountId_fkey" FOREIGN KEY ("userId", "accountId") REFERENCES "Membership"("userId", "accountId") ON DELETE CASCADE ON UPDATE CASCADE;
