-- Per-member notification preferences (one set per membership: an agent of two accounts has two).
ALTER TABLE "Membership" ADD COLUMN     "notifySound" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "notifyDesktop" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "notifyNewConversations" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "notifyAssigned" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "notifyMentions" BOOLEAN NOT NULL DEFAULT true;
