"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Me } from "@/lib/shared/me";
import type { ConversationDto, ConversationStatus, LabelDto } from "@/lib/shared/dto";
import type { Member } from "@/lib/shared/member";
import { api, ApiError, type Filters } from "@/lib/client/api";
import { keys } from "@/lib/client/cache";
import { putConversation, readByViewer } from "@/lib/client/cache-actions";
import { ConversationList } from "@/components/inbox/conversation-list";
import { ConversationView, EmptyThread } from "@/components/inbox/conversation-view";
import { ContactDetails } from "@/components/inbox/contact-details";
import { TopBar } from "@/components/inbox/top-bar";
import type { VirtualListHandle } from "@/components/inbox/virtual-list";
import { useConversations } from "@/hooks/use-conversations";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useRealtime } from "@/hooks/use-realtime";
import { useNotifications } from "@/hooks/use-notifications";
import { PresenceContext } from "@/components/inbox/presence";
import { focusComposer } from "@/components/inbox/composer";
import { useI18n } from "@/components/i18n";

export function InboxApp({ me }: { me: Me }) {
  const [client] = useState(() => {
    const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 } } });
    // The composer fills {{agent.name}} from it: known from the first render, no request to wait for.
    qc.setQueryData(["me"], me);
    return qc;
  });
  return (
    <QueryClientProvider client={client}>
      <Inbox me={me} />
    </QueryClientProvider>
  );
}

/** Typing settles for this long before the list is searched. */
const SEARCH_DEBOUNCE_MS = 250;

function Inbox({ me }: { me: Me }) {
  const { state: live, announce, socket, onCaughtUp } = useRealtime({ userId: me.user.id });
  const qc = useQueryClient();
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const [base, setBase] = useState<Omit<Filters, "q">>({ channel: "", status: "open", assignee: "all" });
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS, (v) => v === "");
  const filters = useMemo<Filters>(() => ({ ...base, q }), [base, q]);
  const { query, list } = useConversations(filters);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Narrower than three panes: the contact panel opens over the thread, on demand.
  const [detailsOpen, setDetailsOpen] = useState(false);
  const listRef = useRef<VirtualListHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const threadHeading = useRef<HTMLHeadingElement>(null);

  // The open conversation stays open when a filter hides it from the list (e.g. just resolved),
  // and a link to one that is on no loaded page (`/?c=<id>`, a reload) fetches it by id.
  const fromList = selectedId ? list.find((c) => c.id === selectedId) : undefined;
  const pinned = useQuery({
    queryKey: keys.conversation(selectedId ?? ""),
    queryFn: () => api.conversation(selectedId!),
    enabled: !!selectedId && !fromList && query.isFetched,
    retry: (count, err) => !(err instanceof ApiError && err.status === 404) && count < 1,
  });
  const selected = pinned.data ?? fromList ?? null;
  useEffect(() => {
    if (fromList && !pinned.data) qc.setQueryData(keys.conversation(fromList.id), fromList);
  }, [fromList, pinned.data, qc]);

  useEffect(() => {
    const fromUrl = new URLSearchParams(window.location.search).get("c");
    if (fromUrl) setSelectedId(fromUrl);
  }, []);

  const select = useCallback(
    (c: ConversationDto) => {
      qc.setQueryData(keys.conversation(c.id), c);
      setSelectedId(c.id);
      window.history.replaceState(null, "", `/?c=${c.id}`);
      // One pane at a time on narrow windows: take the reader to the thread.
      if (window.matchMedia("(max-width: 760px)").matches) requestAnimationFrame(() => threadHeading.current?.focus());
    },
    [qc],
  );

  // A desktop notification's click: the conversation by id (fetched when no loaded list holds it).
  const openById = useCallback((id: string) => {
    setSelectedId(id);
    window.history.replaceState(null, "", `/?c=${id}`);
  }, []);
  useNotifications({ me, socket, selectedId, open: openById, t, onCaughtUp });

  const back = useCallback(() => {
    const i = list.findIndex((c) => c.id === selectedId);
    setSelectedId(null);
    window.history.replaceState(null, "", "/");
    requestAnimationFrame(() => (i >= 0 ? listRef.current?.focusIndex(i) : searchRef.current?.focus()));
  }, [list, selectedId]);

  // Colleagues see which conversation this tab has open (debounced: J/K through the list says little).
  useEffect(() => {
    const t = window.setTimeout(() => announce(selectedId, false), 300);
    return () => window.clearTimeout(t);
  }, [selectedId, announce]);

  // Opening a conversation, or a message arriving in the open one while the tab is seen, marks it read.
  const latest = useRef(selected);
  useEffect(() => {
    latest.current = selected;
  });
  const unread = selected?.unreadCount ?? 0;
  useEffect(() => {
    if (!selectedId || unread === 0) return;
    const mark = () => {
      const c = latest.current;
      if (document.visibilityState !== "visible" || !c || c.id !== selectedId || c.unreadCount === 0) return;
      putConversation(qc, readByViewer(c, me.user.id));
      api.markRead(selectedId).catch(() => putConversation(qc, c));
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [selectedId, unread, qc, me.user.id]);

  // Reconnecting a page or OA (Settings, the CLI, a renewed token) emits nothing: a paused open conversation
  // asks for its fresh state when live updates (re)connect and when the tab is back in focus (bug 3).
  const paused = !!selected?.needsReauth;
  useEffect(() => {
    if (!selectedId || !paused || live !== "live") return;
    const refresh = () => {
      api.conversation(selectedId).then((fresh) => putConversation(qc, fresh), () => undefined);
    };
    refresh();
    window.addEventListener("focus", refresh);
    return () => window.removeEventListener("focus", refresh);
  }, [selectedId, paused, live, qc]);

  const setStatus = useCallback(
    (c: ConversationDto, status: ConversationStatus, snoozedUntil?: string) => {
      putConversation(qc, { ...c, status, snoozedUntil: status === "snoozed" ? (snoozedUntil ?? null) : null });
      api.setStatus(c.id, status, snoozedUntil).catch(() => putConversation(qc, c));
    },
    [qc],
  );

  const setLabels = useCallback(
    (c: ConversationDto, labels: LabelDto[]) => {
      putConversation(qc, { ...c, labels: [...labels].sort((a, b) => a.name.localeCompare(b.name)) });
      api.setLabels(c.id, labels.map((l) => l.id)).catch(() => putConversation(qc, c));
    },
    [qc],
  );

  const assign = useCallback(
    (c: ConversationDto, assigneeId: string | null) => {
      const name = assigneeId === me.user.id ? me.user.name : (qc.getQueryData<Member[]>(["members"])?.find((m) => m.id === assigneeId)?.name ?? "");
      putConversation(qc, { ...c, assignee: assigneeId ? { id: assigneeId, name } : null });
      api.assign(c.id, assigneeId).catch(() => putConversation(qc, c));
    },
    [qc, me.user.id, me.user.name],
  );

  // Alt+↓ / Alt+↑ (or J / K outside text fields) move between conversations; / searches; A takes the open one;
  // R / N write a reply / a private note in it; E resolves or reopens it (through its button: the confirm for unsent replies stays).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement | null)?.closest("input, textarea, select, [contenteditable]");
      const plain = !e.altKey && !e.ctrlKey && !e.metaKey;
      if (!typing && plain && e.key === "/") {
        e.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (!typing && plain && e.key === "a" && selected && selected.assignee?.id !== me.user.id) {
        e.preventDefault();
        assign(selected, me.user.id);
        return;
      }
      if (!typing && plain && !e.shiftKey && selected && (e.key === "r" || e.key === "n")) {
        e.preventDefault();
        focusComposer(e.key === "n" ? "note" : "reply");
        return;
      }
      if (!typing && plain && !e.shiftKey && selected && e.key === "e") {
        e.preventDefault();
        document.querySelector<HTMLButtonElement>(".thread-header .status-toggle")?.click();
        return;
      }
      const down = (e.altKey && !e.ctrlKey && !e.metaKey && e.key === "ArrowDown") || (!typing && plain && e.key === "j");
      const up = (e.altKey && !e.ctrlKey && !e.metaKey && e.key === "ArrowUp") || (!typing && plain && e.key === "k");
      if (!down && !up) return;
      e.preventDefault();
      const i = list.findIndex((c) => c.id === selectedId);
      const to = i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + (down ? 1 : -1)));
      const next = list[to];
      if (!next) return;
      listRef.current?.scrollToIndex(to);
      if (next.id !== selectedId) select(next);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [list, selectedId, select, selected, assign, me.user.id]);

  return (
    <PresenceContext.Provider value={announce}>
    <div className={`app${selected ? " has-selection" : ""}`}>
      <TopBar me={me} live={live} mentions={{ socket, open: openById }} />
      <main className="panes">
        <ConversationList
          myId={me.user.id}
          filters={filters}
          search={search}
          onSearch={setSearch}
          onFilters={setBase}
          query={query}
          list={list}
          selectedId={selectedId}
          onSelect={select}
          listRef={listRef}
          searchRef={searchRef}
        />
        <section className="pane thread-pane" aria-label={selected ? t("view.conversationWith", { name: selected.contact.name }) : t("view.conversation")}>
          {selected ? (
            <ConversationView
              key={selected.id}
              conversation={selected}
              myId={me.user.id}
              onBack={back}
              onStatus={setStatus}
              onLabels={setLabels}
              onAssign={assign}
              headingRef={threadHeading}
              detailsOpen={detailsOpen}
              onDetails={() => setDetailsOpen((o) => !o)}
            />
          ) : (
            <EmptyThread missing={pinned.isError && pinned.error instanceof ApiError && pinned.error.status === 404} />
          )}
        </section>
        {selected && <ContactDetails conversation={selected} open={detailsOpen} onClose={() => setDetailsOpen(false)} />}
      </main>
    </div>
    </PresenceContext.Provider>
  );
}
