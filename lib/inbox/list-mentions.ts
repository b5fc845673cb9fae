import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { visibleInboxes } from "@/lib/access/visible-inboxes";
import { cursorParam } from "@/lib/inbox/cursor";
import { keysetPage } from "@/lib/inbox/keyset-page";
import { mentionExcerpt, type MentionPage } from "@/lib/shared/mention";
import { namesOf } from "@/lib/tenancy/member-names";

export const mentionsQuery = z.object({
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/**
 * The signed-in member's mentions in this account, newest first (keyset pages), and how many
 * are unread. Only those in conversations of inboxes the member may see now: taking an inbox
 * away hides its mentions (giving it back shows them again); removing the member deletes them.
 */
export async function listMentions(opts: { accountId: string; userId: string } & z.infer<typeof mentionsQuery>): Promise<MentionPage> {
  const { accountId, userId } = opts;
  const scope = await visibleInboxes(db(), { accountId, userId });
  if (!scope.all && scope.ids.length === 0) return { mentions: [], nextCursor: null, unread: 0 };
  const where: Prisma.MentionWhereInput = { accountId, userId, ...(scope.all ? {} : { conversation: { integrationId: { in: scope.ids } } }) };
  const keyset = keysetPage({ field: "createdAt", cursor: opts.cursor, limit: opts.limit });
  const [rows, unread] = await Promise.all([
    db().mention.findMany({
      where: keyset.after ? { AND: [where, keyset.after] } : where,
      orderBy: keyset.orderBy,
      take: keyset.take,
      select: {
        id: true,
        conversationId: true,
        messageId: true,
        createdAt: true,
        readAt: true,
        authorId: true,
        conversation: { select: { contact: { select: { name: true, displayName: true } } } },
        message: { select: { text: true } },
      },
    }),
    db().mention.count({ where: { ...where, readAt: null } }),
  ]);
  const page = keyset.page(rows);
  // An author who has left the account keeps their name on what they wrote.
  const names = await namesOf(page.rows.map((m) => m.authorId));
  return {
    mentions: page.rows.map((m) => ({
      id: m.id,
      conversationId: m.conversationId,
      messageId: m.messageId,
      by: m.authorId && names.has(m.authorId) ? { id: m.authorId, name: names.get(m.authorId)! } : null,
      contactName: m.conversation.contact.displayName || m.conversation.contact.name,
      excerpt: mentionExcerpt(m.message.text),
      createdAt: m.createdAt.toISOString(),
      readAt: m.readAt?.toISOString() ?? null,
    })),
    nextCursor: page.nextCursor,
    unread,
  };
}
