import { loadConversation } from "@/lib/inbox/load-conversation";
import { loadMessage } from "@/lib/inbox/load-message";
import { toInbox } from "@/lib/realtime/to-account";

export type Changes = {
  newMessageIds: string[];
  updatedMessageIds: string[];
  conversationIds: string[];
};

export const noChanges = (): Changes => ({ newMessageIds: [], updatedMessageIds: [], conversationIds: [] });

export type Announcement = {
  accountId: string;
  integrationId: string;
  /** The change number stampChanges() gave this transaction; null: nothing changed, nothing to say. */
  seq: number | null;
  changes: Changes;
};

/**
 * After commit: tell the sockets that may see this inbox what changed, and only them
 * (members given the inbox, and those who see all of the owning account's inboxes).
 * Every event names its change (inbox, number, how many events it has), so a
 * client knows when it holds all of it and when it must catch up instead.
 */
export async function announce(a: Announcement): Promise<void> {
  if (a.seq === null) return;
  const fresh = new Set(a.changes.newMessageIds);
  const loaded = await Promise.all([...new Set([...a.changes.newMessageIds, ...a.changes.updatedMessageIds])].map((messageId) => loadMessage({ accountId: a.accountId, messageId })));
  const messages = loaded.filter((x) => x !== null).sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id));
  const conversations = (await Promise.all([...new Set(a.changes.conversationIds)].map((conversationId) => loadConversation({ accountId: a.accountId, conversationId })))).filter((x) => x !== null);
  const change = { inboxId: a.integrationId, seq: a.seq, count: messages.length + conversations.length };
  // Emitted together, in one tick: a socket gets all of a change or the tail of it is cut with the connection.
  const emitter = toInbox(a.accountId, a.integrationId);
  for (const m of messages) emitter.emit(fresh.has(m.id) ? "new-message" : "update-message", { conversationId: m.conversationId, message: m, change });
  for (const conversation of conversations) emitter.emit("update-conversation", { conversation, change });
}

// Kept here too: callers imported it from this path.
export { loadConversation } from "@/lib/inbox/load-conversation";
