-- Thumbnails and contact avatars kept by Inbox (issue 15): a thumbnail is a StoredFile linked to its
-- original image (one each, deleted with it); a contact's profile picture is stored as an 'avatar' file.
-- AlterEnum
ALTER TYPE "FileSource" ADD VALUE 'avatar';

-- AlterTable
ALTER TABLE "StoredFile" ADD COLUMN     "thumbnailOfId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_thumbnailOfId_key" ON "StoredFile"("thumbnailOfId");

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_thumbnailOfId_fkey" FOREIGN KEY ("thumbnailOfId") REFERENCES "StoredFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

