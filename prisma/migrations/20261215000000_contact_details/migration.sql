
-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "customFields" JSONB,
ADD COLUMN     "detailsVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "displayName" TEXT,
ADD COLUMN     "notes" TEXT NOT NULL DEFAULT '';

