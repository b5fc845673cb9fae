import { z } from "zod";
import { db } from "@/lib/db";
import { conversationInclude, toConversationDto, type ConversationDto } from "@/lib/inbox/dto";
import { cursorParam } from "@/lib/inbox/cursor";
import { keysetPage } from "@/lib/inbox/keyset-page";
import { printableId, queryText } from "@/lib/http/safe-string";
import { channelIds } from "@/lib/channels/channel-ids";
import type { Prisma } from "@/lib/generated/prisma/client";
import { readInboxPositions } from "@/lib/inbox/list-changes";
import { matchingConversationIds, matchingMessages } from "@/lib/inbox/search";
import { inboxWhere, visibleInboxes } from "@/lib/access/visible-inboxes";

export const conversationFilters = z.object({
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  channel: z.enum(channelIds).nullish(),
  status: z.enum(["open", "pending", "snoozed", "resolved", "all"]).default("all"),
  /** Only conversations carrying this label (an id of another account simply matches nothing). */
  label: printableId().nullish(),
  q: queryText(200).nullish(),
  /** Views: "me" (Mine), "unassigned", "all", or one member's id. */
  assignee: z.union([z.enum(["me", "unassigned", "all"]), printableId()]).default("all"),
});

export type ConversationFilters = z.infer<typeof conversationFilters>;

/** Newest activity first, the caller's account only, keyset-paginated on (lastMessageAt, id). */
export async function listConversations(
  f: { accountId: string; userId: string } & Omit<ConversationFilters, "assignee"> & { assignee?: ConversationFilters["assignee"] },
): Promise<{ conversations: ConversationDto[]; nextCursor: string | null; inboxes?: Record<string, number> }> {
  const { accountId } = f;
  const keyset = keysetPage({ field: "lastMessageAt", cursor: f.cursor, limit: f.limit });
  // Read first: the page is at least as new as these positions, so a client resumes catch-up from them.
  // Only the first page: a client starts from it, and later pages would pay a query for nothing.
  const scope = await visibleInboxes(db(), { accountId, userId: f.userId });
  const inboxes = f.cursor ? undefined : await readInboxPositions({ accountId, scope });
  const where: Prisma.ConversationWhereInput = {
    accountId,
    ...inboxWhere(scope),
    ...(f.channel ? { integration: { channel: f.channel } } : {}),
    ...(f.status !== "all" ? { status: f.status } : {}),
    // An EXISTS on ConversationLabel's primary key, row by row in the keyset order: the order (and so the cursor) is unchanged.
    ...(f.label ? { labels: { some: { labelId: f.label, accountId } } } : {}),
    ...(!f.assignee || f.assignee === "all" ? {} : { assigneeId: f.assignee === "unassigned" ? null : f.assignee === "me" ? f.userId : f.assignee }),
    // Accent-insensitive, trigram-indexed matching is SQL Prisma cannot say: found first, filtered here.
    ...(f.q ? { id: { in: await matchingConversationIds({ accountId, q: f.q }) } } : {}),
    ...(keyset.after ? { AND: [keyset.after] } : {}),
  };
  const rows = await db().conversation.findMany({
    where,
    include: conversationInclude,
    orderBy: keyset.orderBy,
    take: keyset.take,
  });
  const { rows: page, nextCursor } = keyset.page(rows);
  const conversations = page.map((c) => toConversationDto(c, f.userId));
  if (f.q) {
    // Which message matched, for the list to show instead of the preview.
    const matches = await matchingMessages({ accountId, q: f.q, conversationIds: conversations.map((c) => c.id) });
    for (const c of conversations) c.match = matches.get(c.id) ?? null;
  }
  return { conversations, nextCursor, ...(inboxes ? { inboxes } : {}) };
}
