"use client";

import { useMemo } from "react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { api, type Filters } from "@/lib/client/api";
import { keys } from "@/lib/client/cache";
import type { ConversationDto } from "@/lib/shared/dto";

const none: ConversationDto[] = [];

/** One filtered, cursor-paginated conversation list; live events edit its cache in place. */
export function useConversations(filters: Filters) {
  const query = useInfiniteQuery({
    queryKey: keys.conversations(filters),
    queryFn: ({ pageParam }) => api.conversations(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // While a new filter loads, the old rows stay (dimmed) instead of the list collapsing.
    placeholderData: keepPreviousData,
  });
  const list = useMemo(() => query.data?.pages.flatMap((p) => p.conversations) ?? none, [query.data]);
  return { query, list };
}
