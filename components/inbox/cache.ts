import type { InfiniteData } from "@tanstack/react-query";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import type { ConversationPage, Filters, MessagePage } from "@/components/inbox/api";

export const keys = {
  conversations: (f: Filters) => ["conversations", f] as const,
  allConversations: ["conversations"] as const,
  messages: (id: string) => ["messages", id] as const,
  conversation: (id: string) => ["conversation", id] as const,
};

const newestFirst = (a: ConversationDto, b: ConversationDto) =>
  b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id);

export function matches(c: ConversationDto, f: Filters): boolean {
  if (f.channel && c.channel !== f.channel) return false;
  if (f.status !== "all" && c.status !== f.status) return false;
  const q = f.q.trim().toLowerCase();
  return !q || c.contact.name.toLowerCase().includes(q) || c.lastMessagePreview.toLowerCase().includes(q);
}

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
  const loaded = data.pages.flatMap((p) => p.conversations).filter((x) => x.id !== c.id);
  const hasMore = data.pages[data.pages.length - 1]?.nextCursor != null;
  const oldest = loaded[loaded.length - 1];
  const belongsInLoaded = !hasMore || !oldest || newestFirst(c, oldest) <= 0;
  const merged = matches(c, f) && belongsInLoaded ? [...loaded, c].sort(newestFirst) : loaded;
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
  const exists = data.pages.some((p) => p.messages.some((x) => x.id === m.id));
  if (exists) {
    return { ...data, pages: data.pages.map((p) => ({ ...p, messages: p.messages.map((x) => (x.id === m.id ? m : x)) })) };
  }
  // The server's copy of a reply replaces the optimistic one the composer showed.
  const optimistic = m.direction === "outbound" ? findOptimistic(data, m.text) : undefined;
  if (optimistic) return applyMessage(removeMessage(data, optimistic), m);
  const [first, ...rest] = data.pages;
  if (!first) return data;
  const messages = [m, ...first.messages].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return { ...data, pages: [{ ...first, messages }, ...rest] };
}

export const OPTIMISTIC_PREFIX = "tmp-";

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
