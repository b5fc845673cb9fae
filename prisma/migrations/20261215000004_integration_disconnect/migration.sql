
-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "disconnectedAt" TIMESTAMP(3);

