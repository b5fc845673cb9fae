-- Alone for the reason given in 20261212000000_status_pending.
ALTER TYPE "ConversationStatus" ADD VALUE 'snoozed';
