import type { InfiniteData } from "@tanstack/react-query";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import { labelsOf } from "@/lib/shared/labels";
import type { ConversationPage, Filters, MessagePage } from "@/lib/client/api";

export const keys = {
  conversations: (f: Filters) => ["conversations", f] as const,
  allConversations: ["conversations"] as const,
  messages: (id: string) => ["messages", id] as const,
  labels: ["labels"] as const,
  conversation: (id: string) => ["conversation", id] as const,
};

const newestFirst = (a: ConversationDto, b: ConversationDto) =>
  b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id);

export function matches(c: ConversationDto, f: Filters): boolean {
  if (f.channel && c.channel !== f.channel) return false;
  if (f.status !== "all" && c.status !== f.status) return false;
  if (f.label && !labelsOf(c).some((l) => l.id === f.label)) return false;
  if (f.assignee === "unassigned" ? c.assignee !== null : f.assignee !== "all" && c.assignee?.id !== f.assignee) return false;
  const q = f.q.trim().toLowerCase();
  return !q || c.contact.name.toLowerCase().includes(q) || c.lastMessagePreview.toLowerCase().includes(q);
}

/** The server also searches older messages' text: a row it listed stays while channel and status still fit. */
const stillMatches = (c: ConversationDto, f: Filters) => matches(c, { ...f, q: "" });

/**
 * Applies one update-conversation event to a cached, paginated list: replace or
 * insert, keep newest-first order, drop it where it no longer matches the filter.
 * Rows beyond the loaded pages stay for the next page to bring.
 */
export function applyConversation(
  data: InfiniteData<ConversationPage> | undefined,
  c: ConversationDto,
  f: Filters,
): InfiniteData<ConversationPage> | undefined {
  if (!data) return data;
  const all = data.pages.flatMap((p) => p.conversations);
  const current = all.find((x) => x.id === c.id);
  // Rows carry the change number of their last change: an older copy (a late fetch or catch-up) never wins.
  if (current && current.seq > c.seq) return data;
  const listed = current !== undefined;
  const loaded = listed ? all.filter((x) => x.id !== c.id) : all;
  const hasMore = data.pages[data.pages.length - 1]?.nextCursor != null;
  const oldest = loaded[loaded.length - 1];
  const belongsInLoaded = !hasMore || !oldest || newestFirst(c, oldest) <= 0;
  const fits = matches(c, f) || (listed && stillMatches(c, f));
  const merged = fits && belongsInLoaded ? [...loaded, c].sort(newestFirst) : loaded;
  // Re-split into the same page sizes so cursors stay meaningful.
  let offset = 0;
  const pages = data.pages.map((p, i) => {
    const size = i === data.pages.length - 1 ? merged.length - offset : p.conversations.length;
    const slice = merged.slice(offset, offset + Math.max(size, 0));
    offset += slice.length;
    return { ...p, conversations: slice };
  });
  return { ...data, pages };
}

/** Adds or replaces one message in a cached thread (newest-first pages). */
export function applyMessage(
  data: InfiniteData<MessagePage> | undefined,
  m: MessageDto,
): InfiniteData<MessagePage> | undefined {
  if (!data) return data;
  const existing = findById(data, m.id);
  if (existing) {
    // A late answer (the send's HTTP response after a receipt's live update) never moves a message back.
    if (existing.seq > m.seq || progress[m.status] < progress[existing.status]) return data;
    // A retried reply moves to the time it was sent again: re-placed, not replaced in place.
    if (existing.createdAt !== m.createdAt) return applyMessage(removeMessage(data, m.id), m);
    return { ...data, pages: data.pages.map((p) => ({ ...p, messages: p.messages.map((x) => (x.id === m.id ? m : x)) })) };
  }
  // The server's copy of a reply replaces the optimistic one the composer showed.
  const optimistic = m.direction === "outbound" ? findOptimistic(data, m.text) : undefined;
  if (optimistic) return applyMessage(removeMessage(data, optimistic), m);
  // Older than everything loaded, with more history to load: its page will bring it.
  const last = data.pages[data.pages.length - 1];
  const oldest = last?.messages[last.messages.length - 1];
  if (last?.nextCursor != null && oldest && (m.createdAt.localeCompare(oldest.createdAt) || m.id.localeCompare(oldest.id)) < 0) return data;
  const [first, ...rest] = data.pages;
  if (!first) return data;
  const messages = [m, ...first.messages].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return { ...data, pages: [{ ...first, messages }, ...rest] };
}

export const OPTIMISTIC_PREFIX = "tmp-";

/** How far along a message is: sending and failed are both "not yet" (Retry goes failed → sending). */
const progress: Record<MessageDto["status"], number> = { received: 0, pending: 1, failed: 1, sent: 2, delivered: 3, read: 4 };

function findById(data: InfiniteData<MessagePage>, id: string): MessageDto | undefined {
  for (const p of data.pages) {
    const hit = p.messages.find((x) => x.id === id);
    if (hit) return hit;
  }
  return undefined;
}

function findOptimistic(data: InfiniteData<MessagePage>, text: string): string | undefined {
  for (const p of data.pages) {
    const hit = p.messages.find((x) => x.id.startsWith(OPTIMISTIC_PREFIX) && x.text === text);
    if (hit) return hit.id;
  }
  return undefined;
}

/** Removes a message (an optimistic one that the server replaced or refused). */
export function removeMessage(data: InfiniteData<MessagePage> | undefined, id: string): InfiniteData<MessagePage> | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, messages: p.messages.filter((x) => x.id !== id) })) };
}
