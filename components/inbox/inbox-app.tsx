"use client";

import { useCallback, useEffect, useState } from "react";
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import type { Me } from "@/lib/auth/get-me";
import type { ConversationDto } from "@/lib/inbox/dto";
import { api, type Filters } from "@/components/inbox/api";
import { keys } from "@/components/inbox/cache";
import { ConversationList } from "@/components/inbox/conversation-list";
import { Thread } from "@/components/inbox/thread";
import { Avatar, ChannelBadge } from "@/components/inbox/avatar";
import { useRealtime, type LiveState } from "@/hooks/use-realtime";

export function InboxApp({ me }: { me: Me }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: 1 } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <Inbox me={me} />
    </QueryClientProvider>
  );
}

const liveLabel: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

function Inbox({ me }: { me: Me }) {
  const live = useRealtime();
  const [filters, setFilters] = useState<Filters>({ channel: "", status: "open", q: "" });
  const [list, setList] = useState<ConversationDto[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const qc = useQueryClient();
  // The open conversation stays open even when a filter hides it from the list (e.g. just resolved).
  const pinned = useQuery({
    queryKey: keys.conversation(selectedId ?? ""),
    queryFn: () => Promise.resolve(null as ConversationDto | null),
    enabled: false,
  });
  const selected = list.find((c) => c.id === selectedId) ?? pinned.data ?? null;

  const read = useMutation({ mutationFn: (id: string) => api.markRead(id) });
  const status = useMutation({
    mutationFn: (v: { id: string; status: "open" | "resolved" }) => api.setStatus(v.id, v.status),
  });

  useEffect(() => {
    const fromUrl = new URLSearchParams(window.location.search).get("c");
    if (fromUrl) setSelectedId(fromUrl);
  }, []);

  const select = useCallback((c: ConversationDto) => {
    qc.setQueryData(keys.conversation(c.id), c);
    setSelectedId(c.id);
    window.history.replaceState(null, "", `/?c=${c.id}`);
  }, [qc]);

  // Opening a conversation (or a new message arriving in the open one) marks it read.
  const unread = selected?.unreadCount ?? 0;
  const mutateRead = read.mutate;
  useEffect(() => {
    if (selectedId && unread > 0 && document.visibilityState === "visible") mutateRead(selectedId);
  }, [selectedId, unread, mutateRead]);

  // Alt+↓ / Alt+↑ (or J / K outside text fields) move between conversations.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement | null)?.closest("input, textarea, select");
      const down = (e.altKey && e.key === "ArrowDown") || (!typing && e.key === "j");
      const up = (e.altKey && e.key === "ArrowUp") || (!typing && e.key === "k");
      if (!down && !up) return;
      e.preventDefault();
      const i = list.findIndex((c) => c.id === selectedId);
      const next = list[Math.min(list.length - 1, Math.max(0, i + (down ? 1 : -1)))];
      if (next) select(next);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [list, selectedId, select]);

  return (
    <div className={`app${selected ? " has-selection" : ""}`}>
      <header className="topbar">
        <span className="brand">Inbox</span>
        <span className="account">{me.account.name}</span>
        <span className={`live live-${live}`} role="status" aria-live="polite" aria-label={`Live updates: ${liveLabel[live]}`}>
          <span className="dot" aria-hidden="true" />
          {liveLabel[live]}
        </span>
        <UserMenu me={me} />
      </header>
      <main className="panes">
        <ConversationList
          filters={filters}
          onFilters={setFilters}
          selectedId={selectedId}
          onSelect={select}
          onLoaded={setList}
        />
        <div className="pane thread-pane">
          {selected ? (
            <>
              <div className="thread-header">
                <button type="button" className="back" onClick={() => setSelectedId(null)} aria-label="Back to conversations">
                  ←
                </button>
                <Avatar name={selected.contact.name} url={selected.contact.avatarUrl} size={32} />
                <h2>{selected.contact.name}</h2>
                <ChannelBadge channel={selected.channel} />
                <button
                  type="button"
                  className="status-toggle"
                  onClick={() =>
                    status.mutate({ id: selected.id, status: selected.status === "open" ? "resolved" : "open" })
                  }
                >
                  {selected.status === "open" ? "Resolve" : "Reopen"}
                </button>
              </div>
              <Thread conversation={selected} />
            </>
          ) : (
            <p className="empty thread-empty">Pick a conversation to read and reply.</p>
          )}
        </div>
        {selected && (
          <aside className="pane details-pane" aria-label="Contact details">
            <Avatar name={selected.contact.name} url={selected.contact.avatarUrl} size={64} />
            <h3>{selected.contact.name}</h3>
            <dl>
              <dt>Channel</dt>
              <dd>
                <ChannelBadge channel={selected.channel} /> {selected.integrationName}
              </dd>
              <dt>Platform id</dt>
              <dd className="mono">{selected.contact.externalId}</dd>
              <dt>Status</dt>
              <dd>{selected.status === "open" ? "Open" : "Resolved"}</dd>
            </dl>
          </aside>
        )}
      </main>
    </div>
  );
}

function UserMenu({ me }: { me: Me }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent | MouseEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !(e.target as HTMLElement).closest(".user-menu")) setOpen(false);
    };
    window.addEventListener("keydown", close);
    window.addEventListener("mousedown", close);
    return () => {
      window.removeEventListener("keydown", close);
      window.removeEventListener("mousedown", close);
    };
  }, [open]);
  return (
    <div className="user-menu">
      <button type="button" className="user-button" aria-label="Account menu" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen((o) => !o)}>
        <Avatar name={me.user.name} url={null} size={28} />
        <span className="user-name">{me.user.name}</span>
      </button>
      {open && (
        <div className="menu">
          <p className="muted">{me.user.email}</p>
          <p className="muted">
            {me.account.name} · {me.user.role}
          </p>
          <button type="button" onClick={() => void signOut({ callbackUrl: "/login" })}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
