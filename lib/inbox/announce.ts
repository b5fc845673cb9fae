import { loadConversation } from "@/lib/inbox/load-conversation";
import { loadMessage } from "@/lib/inbox/load-message";
import { toInbox } from "@/lib/realtime/to-account";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";

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
  const loaded = await Promise.all([...new Set([...a.changes.newMessageIds, ...a.changes.updatedMessageIds])].map((messageId) => loadMessage({ accountId: a.accountId, messageId })));
  const conversations = (await Promise.all([...new Set(a.changes.conversationIds)].map((conversationId) => loadConversation({ accountId: a.accountId, conversationId })))).filter((x) => x !== null);
  emitChange({ accountId: a.accountId, integrationId: a.integrationId, seq: a.seq, fresh: new Set(a.changes.newMessageIds), messages: loaded.filter((x) => x !== null), conversations });
}

/** A committed change whose rows are at hand (the fast path's statement returns them): its events, in one tick. */
export function emitChange(c: { accountId: string; integrationId: string; seq: number; fresh: ReadonlySet<string>; messages: MessageDto[]; conversations: ConversationDto[] }): void {
  const messages = [...c.messages].sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id));
  const change = { inboxId: c.integrationId, seq: c.seq, count: messages.length + c.conversations.length };
  // Emitted together, in one tick: a socket gets all of a change or the tail of it is cut with the connection.
  const emitter = toInbox(c.accountId, c.integrationId);
  for (const m of messages) emitter.emit(c.fresh.has(m.id) ? "new-message" : "update-message", { conversationId: m.conversationId, message: m, change });
  for (const conversation of c.conversations) emitter.emit("update-conversation", { conversation, change });
}

// Kept here too: callers imported it from this path.
export { loadConversation } from "@/lib/inbox/load-conversation";
