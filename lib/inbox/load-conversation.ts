import { db } from "@/lib/db";
import { toConversationDto, type ConversationDto, type ConversationSource } from "@/lib/inbox/dto";
import { readJsonColumn } from "@/lib/inbox/read-json-column";
import { utc, utcOrNull } from "@/lib/inbox/utc-json";

// One round trip (Prisma's includes would take two and three): the SQL function
// inbox_conversation_rows (prisma/migrations/20261219000000_ingest_fast_path) returns the row with
// the Prisma payload's field names, so the one DTO builder in dto.ts serves both, and the fast
// path's statement returns the same rows for its events.

/** A conversation row as inbox_conversation_rows returns it (JSON: times as UTC text). */
export type ConversationRow = Omit<ConversationSource, "lastMessageAt" | "lastInboundAt" | "snoozedUntil"> & {
  accountId: string;
  lastMessageAt: string;
  lastInboundAt: string | null;
  snoozedUntil: string | null;
};

/** `viewer`: whose unread count it carries; none (events every agent of the inbox shares) counts from no read. */
export function conversationDtoFromRow(c: ConversationRow, viewer: string | null): ConversationDto {
  return toConversationDto({ ...c, lastMessageAt: utc(c.lastMessageAt), lastInboundAt: utcOrNull(c.lastInboundAt), snoozedUntil: utcOrNull(c.snoozedUntil) }, viewer);
}

/**
 * One conversation of the account as the browser sees it, or null (unknown, or another account's).
 * `viewer`: whose unread count it carries; none (events every agent shares) counts from no read.
 */
export async function loadConversation(opts: { accountId: string; conversationId: string; viewer?: string }): Promise<ConversationDto | null> {
  const [found] = await db().$queryRaw<{ rows: ConversationRow[] | string }[]>`SELECT inbox_conversation_rows(ARRAY[${opts.conversationId}]::text[]) AS "rows"`;
  const c = readJsonColumn(found?.rows ?? null, [])[0];
  // Row-level security already limits the read to the current account; the check says so here too.
  return c && c.accountId === opts.accountId ? conversationDtoFromRow(c, opts.viewer ?? null) : null;
}
