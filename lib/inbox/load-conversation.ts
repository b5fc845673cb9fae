import { db } from "@/lib/db";
import { toConversationDto, type ConversationDto, type ConversationSource } from "@/lib/inbox/dto";
import { readJsonColumn } from "@/lib/inbox/read-json-column";

// One round trip (Prisma's includes would take two and three), on the hot path of every webhook.
// The row carries the Prisma payload's field names, so the one DTO builder in dto.ts serves both.

type ConversationRow = Omit<ConversationSource, "contact" | "integration" | "assignee" | "labels" | "reads"> & {
  reads: ConversationSource["reads"] | string;
  labels: { id: string; name: string; color: string }[] | string;
  contact: ConversationSource["contact"] | string;
  integration: ConversationSource["integration"] | string;
  assignee: ConversationSource["assignee"] | string;
};

/**
 * One conversation of the account as the browser sees it, or null (unknown, or another account's).
 * `viewer`: whose unread count it carries; none (events every agent shares) counts from no read.
 */
export async function loadConversation(opts: { accountId: string; conversationId: string; viewer?: string }): Promise<ConversationDto | null> {
  const [c] = await db().$queryRaw<ConversationRow[]>`
    SELECT c."id", c."integrationId", c."lastMessagePreview", c."lastMessageAt", c."lastInboundAt", c."inboundCount", c."failedReplies", c."status"::text AS "status", c."snoozedUntil", c."seq",
      json_build_object('id', ct."id", 'externalId', ct."externalId", 'name', ct."name", 'displayName', ct."displayName", 'avatarUrl', ct."avatarUrl", 'detailsVersion', ct."detailsVersion") AS "contact",
      json_build_object('channel', i."channel"::text, 'name', i."name", 'needsReauth', i."needsReauth") AS "integration",
      CASE WHEN u."id" IS NULL THEN NULL ELSE json_build_object('id', u."id", 'name', u."name") END AS "assignee",
      COALESCE((SELECT json_agg(json_build_object('id', l."id", 'name', l."name", 'color', l."color"))
        FROM "ConversationLabel" cl JOIN "Label" l ON l."id" = cl."labelId" WHERE cl."conversationId" = c."id"), '[]'::json) AS "labels",
      COALESCE((SELECT json_agg(json_build_object('userId', r."userId", 'readCount', r."readCount"))
        FROM "ConversationRead" r WHERE r."conversationId" = c."id"), '[]'::json) AS "reads"
    FROM "Conversation" c
    JOIN "Contact" ct ON ct."id" = c."contactId"
    JOIN "Integration" i ON i."id" = c."integrationId"
    LEFT JOIN "User" u ON u."id" = c."assigneeId"
    WHERE c."id" = ${opts.conversationId} AND c."accountId" = ${opts.accountId}`;
  if (!c) return null;
  return toConversationDto({
    ...c,
    contact: readJsonColumn(c.contact, null as never),
    integration: readJsonColumn(c.integration, null as never),
    assignee: c.assignee === null ? null : readJsonColumn(c.assignee, null),
    labels: readJsonColumn(c.labels, []),
    reads: readJsonColumn(c.reads, []),
    lastMessageAt: new Date(c.lastMessageAt),
    lastInboundAt: c.lastInboundAt ? new Date(c.lastInboundAt) : null,
  }, opts.viewer ?? null);
}
