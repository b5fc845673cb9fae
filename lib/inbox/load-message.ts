import { db } from "@/lib/db";
import { toMessageDto, type MessageDto, type MessageSource } from "@/lib/inbox/dto";
import { readJsonColumn } from "@/lib/inbox/read-json-column";
import { utc, utcOrNull } from "@/lib/inbox/utc-json";

// One round trip, on the hot path of every webhook the slow path stores: the SQL function
// inbox_message_rows (prisma/migrations/20261219000000_ingest_fast_path) returns the row with the
// Prisma payload's field names, so the one DTO builder in dto.ts serves both, and the fast path's
// statement returns the same rows for its events.

/** A message row as inbox_message_rows returns it (JSON: times as UTC text, attachments inline). */
export type MessageRow = Omit<MessageSource, "createdAt" | "editedAt" | "attachments"> & {
  accountId: string;
  createdAt: string;
  editedAt: string | null;
  attachments: MessageSource["attachments"] | null;
};

export function messageDtoFromRow(m: MessageRow): MessageDto {
  return toMessageDto({ ...m, attachments: m.attachments ?? [], createdAt: utc(m.createdAt), editedAt: utcOrNull(m.editedAt) });
}

/** One message of the account as the browser sees it, or null (unknown, or another account's). */
export async function loadMessage(opts: { accountId: string; messageId: string }): Promise<MessageDto | null> {
  const [found] = await db().$queryRaw<{ rows: MessageRow[] | string }[]>`SELECT inbox_message_rows(ARRAY[${opts.messageId}]::text[]) AS "rows"`;
  const m = readJsonColumn(found?.rows ?? null, [])[0];
  // Row-level security already limits the read to the current account; the check says so here too.
  return m && m.accountId === opts.accountId ? messageDtoFromRow(m) : null;
}
