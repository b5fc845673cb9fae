-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "allInboxes" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "InboxAccess" (
    "membershipId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboxAccess_pkey" PRIMARY KEY ("membershipId","integrationId")
);

-- CreateIndex
CREATE INDEX "InboxAccess_integrationId_idx" ON "InboxAccess"("integrationId");

-- CreateIndex
CREATE INDEX "InboxAccess_accountId_idx" ON "InboxAccess"("accountId");

-- AddForeignKey
ALTER TABLE "InboxAccess" ADD CONSTRAINT "InboxAccess_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxAccess" ADD CONSTRAINT "InboxAccess_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxAccess" ADD CONSTRAINT "InboxAccess_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

