import { db } from "@/lib/db";
import { toMember } from "@/lib/realtime/to-account";
import { mentionExcerpt } from "@/lib/shared/mention";
import type { StoredMention } from "@/lib/inbox/store-mentions";

/**
 * After the note and its mentions are committed: tells each mentioned member, in their own
 * room of this account, with the stored mention's id (the notification centre keeps it).
 */
export async function notifyMentions(opts: {
  accountId: string;
  userId: string;
  conversationId: string;
  messageId: string;
  text: string;
  mentions: readonly StoredMention[];
}): Promise<void> {
  if (opts.mentions.length === 0) return;
  const author = await db().user.findUnique({ where: { id: opts.userId }, select: { name: true } });
  const excerpt = mentionExcerpt(opts.text);
  for (const m of opts.mentions) {
    toMember(opts.accountId, m.userId).emit("mention", {
      id: m.id,
      conversationId: opts.conversationId,
      messageId: opts.messageId,
      by: { id: opts.userId, name: author?.name ?? "" },
      excerpt,
      createdAt: m.createdAt.toISOString(),
    });
  }
}
