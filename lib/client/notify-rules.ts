// Which live event notifies an agent, and how the tab title shows the count (pure: unit-tested).

import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import type { NotificationPreferences } from "@/lib/shared/notification-preferences";

export type NotifyKind = "newConversation" | "assigned" | "mention";

/** A customer's own words: not the agent's (or a colleague's) reply or note, not a line about the conversation. */
export function isCustomerMessage(m: MessageDto): boolean {
  return m.direction === "inbound" && (m.kind ?? "message") === "message";
}

/**
 * A customer message notifies as a new conversation (when it opened one), else as a message in a
 * conversation assigned to me; each only when the agent wants that kind. Nothing else notifies.
 */
export function kindForMessage(o: { message: MessageDto; conversation: ConversationDto | null; opened: boolean; myId: string; prefs: NotificationPreferences }): NotifyKind | null {
  if (!isCustomerMessage(o.message)) return null;
  if (o.opened && o.prefs.newConversations) return "newConversation";
  if (o.conversation?.assignee?.id === o.myId && o.prefs.assigned) return "assigned";
  return null;
}

/** Whether the message is the first thing the customer said in the conversation (given its newest messages). */
export function opensConversation(message: MessageDto, newest: { messages: MessageDto[]; nextCursor: string | null }): boolean {
  if (newest.nextCursor !== null) return false;
  const said = newest.messages.filter(isCustomerMessage);
  return said.every((m) => m.id === message.id || m.createdAt.localeCompare(message.createdAt) > 0 || (m.createdAt === message.createdAt && m.id > message.id));
}

/** "(3) Inbox"; the base alone at 0. A count already in the title is replaced, never stacked. */
export function titleWithCount(title: string, count: number): string {
  const base = title.replace(/^\(\d+\+?\)\s*/, "");
  return count > 0 ? `(${count > 99 ? "99+" : count}) ${base}` : base;
}

/** The notification's body: the message's text in one line, cut; an attachment's kind when it has no text. */
export function excerpt(text: string, fallback: string, max = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return fallback;
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
