import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { unreadFor, type ConversationDto } from "@/lib/shared/dto";
import type { ConversationPage, Filters } from "@/lib/client/api";
import { applyConversation, keys } from "@/lib/client/cache";

/** Puts one conversation's latest state into every cached list and its own entry. */
export function putConversation(qc: QueryClient, conversation: ConversationDto): void {
  if (qc.getQueryData(keys.conversation(conversation.id))) qc.setQueryData(keys.conversation(conversation.id), conversation);
  for (const [key, data] of qc.getQueriesData<InfiniteData<ConversationPage>>({ queryKey: keys.allConversations })) {
    const filters = key[1] as Filters;
    qc.setQueryData(key, applyConversation(data, conversation, filters));
  }
}

/** A cached copy of one conversation: its own entry, else the first list holding it. */
export function cachedConversation(qc: QueryClient, id: string): ConversationDto | undefined {
  const own = qc.getQueryData<ConversationDto>(keys.conversation(id));
  if (own) return own;
  for (const [, data] of qc.getQueriesData<InfiniteData<ConversationPage>>({ queryKey: keys.allConversations })) {
    for (const p of data?.pages ?? []) {
      const hit = p.conversations.find((c) => c.id === id);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * An event's conversation as this agent sees it: events are shared by every agent of the inbox,
 * so the unread count is this agent's, from `reads`. A read this tab already made (optimistically,
 * or in a later event) is kept: reads only move forward.
 */
export function forViewer(qc: QueryClient, c: ConversationDto, userId: string): ConversationDto {
  const known = cachedConversation(qc, c.id)?.reads[userId] ?? 0;
  const read = Math.max(known, c.reads[userId] ?? 0);
  const reads = read ? { ...c.reads, [userId]: read } : c.reads;
  return { ...c, reads, unreadCount: unreadFor({ inboundCount: c.inboundCount, reads }, userId) };
}

/** This agent read it (shown at once; the server's answer comes as an event). */
export function readByViewer(c: ConversationDto, userId: string): ConversationDto {
  return { ...c, reads: { ...c.reads, [userId]: c.inboundCount }, unreadCount: 0 };
}
