import { db } from "@/lib/db";
import { inboxWhere, scopeOf } from "@/lib/access/visible-inboxes";

/**
 * How many conversations the member has unread messages in, among the inboxes they may see:
 * the tab title's and favicon's count. The one place that says what "unread" means for it.
 */
export async function countUnreadConversations(opts: { accountId: string; userId: string }): Promise<number> {
  const scope = await scopeOf(opts);
  return db().conversation.count({ where: { accountId: opts.accountId, ...inboxWhere(scope), unreadCount: { gt: 0 } } });
}
