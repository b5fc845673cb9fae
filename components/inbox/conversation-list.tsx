"use client";

import { useEffect, useRef } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, type Filters } from "@/components/inbox/api";
import { keys } from "@/components/inbox/cache";
import { Avatar, ChannelBadge } from "@/components/inbox/avatar";
import { relativeTime } from "@/components/inbox/format";
import type { ConversationDto } from "@/lib/inbox/dto";

type Props = {
  filters: Filters;
  onFilters: (f: Filters) => void;
  selectedId: string | null;
  onSelect: (c: ConversationDto) => void;
  onLoaded: (list: ConversationDto[]) => void;
};

export function ConversationList({ filters, onFilters, selectedId, onSelect, onLoaded }: Props) {
  const query = useInfiniteQuery({
    queryKey: keys.conversations(filters),
    queryFn: ({ pageParam }) => api.conversations(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const list = query.data?.pages.flatMap((p) => p.conversations) ?? [];
  const sentinel = useRef<HTMLLIElement>(null);

  useEffect(() => onLoaded(list), [list, onLoaded]);

  // Load the next page as the end of the list scrolls into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const obs = new IntersectionObserver((entries) => {
      if (entries[0]?.isIntersecting && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
    });
    obs.observe(el);
    return () => obs.disconnect();
  }, [query]);

  return (
    <nav aria-label="Conversations" className="pane list-pane">
      <div className="list-tools">
        <input
          type="search"
          aria-label="Search conversations"
          placeholder="Search name or message"
          value={filters.q}
          onChange={(e) => onFilters({ ...filters, q: e.target.value })}
        />
        <div className="filter-row">
          <select
            aria-label="Status"
            value={filters.status}
            onChange={(e) => onFilters({ ...filters, status: e.target.value as Filters["status"] })}
          >
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </select>
          <select
            aria-label="Channel"
            value={filters.channel}
            onChange={(e) => onFilters({ ...filters, channel: e.target.value as Filters["channel"] })}
          >
            <option value="">All channels</option>
            <option value="facebook">Facebook</option>
            <option value="zalo">Zalo</option>
          </select>
        </div>
      </div>
      {query.isError && <p className="empty">Could not load conversations.</p>}
      {query.isSuccess && list.length === 0 && <p className="empty">No conversations here yet.</p>}
      <ul className="conversations">
        {list.map((c) => (
          <li key={c.id}>
            <a
              href={`/?c=${c.id}`}
              className={`conversation${c.id === selectedId ? " selected" : ""}${c.unreadCount ? " unread" : ""}`}
              aria-current={c.id === selectedId ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                onSelect(c);
              }}
            >
              <Avatar name={c.contact.name} url={c.contact.avatarUrl} />
              <span className="conversation-body">
                <span className="conversation-top">
                  <span className="name">{c.contact.name}</span>
                  <time dateTime={c.lastMessageAt} className="time">
                    {relativeTime(c.lastMessageAt)}
                  </time>
                </span>
                <span className="conversation-bottom">
                  <span className="preview">{c.lastMessagePreview}</span>
                  {c.unreadCount > 0 && (
                    <span className="unread-badge" aria-label={`${c.unreadCount} unread`}>
                      {c.unreadCount}
                    </span>
                  )}
                </span>
                <span className="conversation-meta">
                  <ChannelBadge channel={c.channel} />
                  {c.status === "resolved" && <span className="badge">Resolved</span>}
                </span>
              </span>
            </a>
          </li>
        ))}
        <li ref={sentinel} aria-hidden="true" className="sentinel">
          {query.isFetchingNextPage ? "Loading…" : ""}
        </li>
      </ul>
    </nav>
  );
}
