-- Why a session ended, so the login page can tell a removed member what happened.
-- CreateEnum
CREATE TYPE "SessionEndReason" AS ENUM ('signed_out', 'switched', 'removed');

-- AlterTable
ALTER TABLE "AuthSession" ADD COLUMN     "endReason" "SessionEndReason";

