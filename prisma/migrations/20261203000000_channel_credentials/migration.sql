-- Per-channel credentials as one sealed JSON blob (lib/integrations/seal-credentials.ts).
-- The blob is AES-GCM sealed by the app, so SQL cannot move existing rows into it: rows
-- written before this migration keep accessToken/appId/secretKey, which the app reads as a
-- fallback (lib/integrations/find-integration.ts) and clears when the integration is next connected.

-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "credentials" TEXT,
ALTER COLUMN "accessToken" DROP NOT NULL;
