-- Every customer message kind (issue 11): system lines, edits, reactions, replies, quick-reply
-- payloads on Message; what Messenger says about the integration itself in IntegrationEvent.
-- CreateEnum
CREATE TYPE "MessageKind" AS ENUM ('message', 'system');

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "kind" "MessageKind" NOT NULL DEFAULT 'message',
ADD COLUMN     "payload" TEXT,
ADD COLUMN     "reactions" JSONB,
ADD COLUMN     "replyToExternalId" TEXT,
ADD COLUMN     "replyToId" TEXT;

-- CreateTable
CREATE TABLE "IntegrationEvent" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "action" TEXT,
    "detail" JSONB NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IntegrationEvent_accountId_occurredAt_idx" ON "IntegrationEvent"("accountId", "occurredAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationEvent_integrationId_dedupeKey_key" ON "IntegrationEvent"("integrationId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "IntegrationEvent" ADD CONSTRAINT "IntegrationEvent_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationEvent" ADD CONSTRAINT "IntegrationEvent_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

