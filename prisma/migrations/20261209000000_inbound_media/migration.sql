-- Inbound attachments kept by Inbox (issue 15): each platform media attachment is downloaded
-- after commit, retried with backoff, and then stored or shown as unavailable.
-- CreateEnum
CREATE TYPE "AttachmentFetchState" AS ENUM ('pending', 'stored', 'unavailable');

-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "fetchAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "fetchError" TEXT,
ADD COLUMN     "fetchState" "AttachmentFetchState",
ADD COLUMN     "nextFetchAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Attachment_nextFetchAt_idx" ON "Attachment"("nextFetchAt");

-- Backfill: media already kept is stored; media with a platform URL is fetched by the next
-- sweep (its link may have expired: it then ends as unavailable); media without one is unavailable.
UPDATE "Attachment" SET "fetchState" = 'stored' WHERE "fileId" IS NOT NULL;
UPDATE "Attachment" SET "fetchState" = 'pending', "nextFetchAt" = CURRENT_TIMESTAMP
  WHERE "fileId" IS NULL AND "url" IS NOT NULL AND "type" IN ('image', 'video', 'audio', 'file', 'sticker');
UPDATE "Attachment" SET "fetchState" = 'unavailable'
  WHERE "fileId" IS NULL AND "url" IS NULL AND "type" IN ('image', 'video', 'audio', 'file', 'sticker');
