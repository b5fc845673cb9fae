import type { Tx } from "@/lib/db";
import { canSee, visibleInboxes } from "@/lib/access/visible-inboxes";

export type StoredMention = { id: string; userId: string; createdAt: Date };

/**
 * Inside the note's transaction: keeps a row for each member the note @mentions who may be
 * told — a member of the same account who may see the conversation's inbox, never the author.
 * Any other id the browser put in the list is dropped without a word.
 */
export async function storeMentions(
  tx: Tx,
  opts: { accountId: string; authorId: string; conversationId: string; integrationId: string; messageId: string; mentions: readonly string[] },
): Promise<StoredMention[]> {
  const wanted = [...new Set(opts.mentions)].filter((id) => id !== opts.authorId);
  if (wanted.length === 0) return [];
  const members = await tx.membership.findMany({ where: { accountId: opts.accountId, userId: { in: wanted } }, select: { userId: true }, orderBy: { userId: "asc" } });
  const stored: StoredMention[] = [];
  for (const m of members) {
    if (!canSee(await visibleInboxes(tx, { accountId: opts.accountId, userId: m.userId }), opts.integrationId)) continue;
    stored.push(
      await tx.mention.create({
        data: { accountId: opts.accountId, userId: m.userId, authorId: opts.authorId, conversationId: opts.conversationId, messageId: opts.messageId },
        select: { id: true, userId: true, createdAt: true },
      }),
    );
  }
  return stored;
}
