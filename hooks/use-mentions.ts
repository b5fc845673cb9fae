"use client";

import { useCallback, useEffect } from "react";
import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { MentionPage } from "@/lib/shared/mention";
import { api } from "@/lib/client/api";
import type { LiveSocket } from "@/hooks/use-realtime";

export const mentionKeys = { list: ["mentions"] as const };

type Pages = InfiniteData<MentionPage, string | null>;

/** Marks rows read in the cached pages at once (the server's answer, or the next load, confirms it). */
function markedInCache(data: Pages | undefined, ids: Set<string> | "all"): Pages | undefined {
  if (!data) return data;
  const now = new Date().toISOString();
  let changed = 0;
  const pages = data.pages.map((p) => ({
    ...p,
    mentions: p.mentions.map((m) => {
      if (m.readAt || (ids !== "all" && !ids.has(m.id))) return m;
      changed++;
      return { ...m, readAt: now };
    }),
  }));
  const [first, ...rest] = pages;
  if (!first) return data;
  return { ...data, pages: [{ ...first, unread: ids === "all" ? 0 : Math.max(0, first.unread - changed) }, ...rest] };
}

/**
 * The signed-in member's stored mentions (the notification centre): loaded once, then again
 * when a mention arrives, when another tab of theirs read some (`mentions-changed`), when their
 * inboxes change and after every reconnect. `markRead` changes the list at once.
 */
export function useMentions(socket: LiveSocket | null) {
  const qc = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: mentionKeys.list,
    queryFn: ({ pageParam }) => api.mentions(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  useEffect(() => {
    if (!socket) return;
    const reload = () => void qc.invalidateQueries({ queryKey: mentionKeys.list });
    const events = ["mention", "mentions-changed", "inboxes-changed", "connect"] as const;
    for (const e of events) socket.on(e, reload);
    return () => {
      for (const e of events) socket.off(e, reload);
    };
  }, [socket, qc]);

  const markRead = useCallback(
    (ids: string[] | "all") => {
      const before = qc.getQueryData<Pages>(mentionKeys.list);
      qc.setQueryData<Pages>(mentionKeys.list, (d) => markedInCache(d, ids === "all" ? "all" : new Set(ids)));
      api.markMentionsRead(ids === "all" ? { all: true } : { ids }).catch(() => qc.setQueryData(mentionKeys.list, before));
    },
    [qc],
  );

  const mentions = query.data?.pages.flatMap((p) => p.mentions) ?? [];
  const unread = query.data?.pages[0]?.unread ?? 0;
  return { query, mentions, unread, markRead };
}
