
-- CreateEnum
CREATE TYPE "Availability" AS ENUM ('online', 'away');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "autoAssign" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "availability" "Availability" NOT NULL DEFAULT 'online',
ADD COLUMN     "lastAutoAssignedAt" TIMESTAMP(3);

