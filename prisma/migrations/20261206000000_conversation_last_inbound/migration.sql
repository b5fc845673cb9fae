-- The time of the customer's latest message, from which the platforms' reply windows run.
ALTER TABLE "Conversation" ADD COLUMN "lastInboundAt" TIMESTAMP(3);

-- Backfill from the messages already stored.
UPDATE "Conversation" AS c
SET "lastInboundAt" = m."at"
FROM (
  SELECT "conversationId", MAX("createdAt") AS "at"
  FROM "Message"
  WHERE "direction" = 'inbound'
  GROUP BY "conversationId"
) AS m
WHERE m."conversationId" = c."id";
