import { db } from "@/lib/db";
import { canSee, visibleInboxes } from "@/lib/access/visible-inboxes";
import { toMember } from "@/lib/realtime/to-account";

/** How much of the note a mention carries. */
const EXCERPT_CHARS = 140;

/**
 * After a note is committed: tells each member it @mentions, in their own room of this
 * account. Only members of the same account who may see the conversation's inbox, never
 * the author; any other id the browser put in the list is ignored without a word.
 */
export async function notifyMentions(opts: {
  accountId: string;
  userId: string;
  conversationId: string;
  integrationId: string;
  messageId: string;
  text: string;
  mentions: readonly string[];
}): Promise<string[]> {
  const wanted = [...new Set(opts.mentions)].filter((id) => id !== opts.userId);
  if (wanted.length === 0) return [];
  const members = await db().membership.findMany({ where: { accountId: opts.accountId, userId: { in: wanted } }, select: { userId: true } });
  const allowed: string[] = [];
  for (const m of members) {
    if (canSee(await visibleInboxes(db(), { accountId: opts.accountId, userId: m.userId }), opts.integrationId)) allowed.push(m.userId);
  }
  if (allowed.length === 0) return [];
  const author = await db().user.findUnique({ where: { id: opts.userId }, select: { id: true, name: true } });
  const text = opts.text.replace(/\s+/g, " ").trim();
  const excerpt = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
  const mention = { conversationId: opts.conversationId, messageId: opts.messageId, by: { id: opts.userId, name: author?.name ?? "" }, excerpt };
  for (const userId of allowed) toMember(opts.accountId, userId).emit("mention", mention);
  return allowed;
}
