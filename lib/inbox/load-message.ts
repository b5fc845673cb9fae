import { db } from "@/lib/db";
import { toMessageDto, type MessageDto, type MessageSource } from "@/lib/inbox/dto";
import { readJsonColumn } from "@/lib/inbox/read-json-column";

// One round trip (Prisma's includes would take two and three), on the hot path of every webhook.
// The row carries the Prisma payload's field names, so the one DTO builder in dto.ts serves both.

type MessageRow = Omit<MessageSource, "attachments"> & { attachments: MessageSource["attachments"] | string | null };

/** One message of the account as the browser sees it, or null (unknown, or another account's). */
export async function loadMessage(opts: { accountId: string; messageId: string }): Promise<MessageDto | null> {
  const [m] = await db().$queryRaw<MessageRow[]>`
    SELECT m."id", m."conversationId", m."integrationId", m."direction"::text AS "direction", m."text", m."status"::text AS "status",
      m."externalId", m."error", m."errorCode", m."createdAt", m."seq", m."kind"::text AS "kind", m."senderUserId", m."editedAt", m."reactions",
      m."replyToId", m."replyToExternalId", m."payload",
      (SELECT json_agg(json_build_object('type', a."type"::text, 'url', a."url", 'name', a."name", 'payload', a."payload",
                'fileId', a."fileId", 'fetchState', a."fetchState"::text, 'mime', f."mime") ORDER BY a."id")
         FROM "Attachment" a LEFT JOIN "StoredFile" f ON f."id" = a."fileId" WHERE a."messageId" = m."id") AS "attachments"
    FROM "Message" m WHERE m."id" = ${opts.messageId} AND m."accountId" = ${opts.accountId}`;
  if (!m) return null;
  return toMessageDto({ ...m, attachments: readJsonColumn(m.attachments, []), createdAt: new Date(m.createdAt) });
}
