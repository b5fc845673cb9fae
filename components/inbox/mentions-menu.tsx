"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { MentionDto } from "@/lib/shared/mention";
import type { LiveSocket } from "@/hooks/use-realtime";
import { useMentions } from "@/hooks/use-mentions";
import { useNow } from "@/hooks/use-now";
import { useDismiss } from "@/hooks/use-dismiss";
import { fullTime, relativeTime } from "@/components/inbox/format";
import { useI18n } from "@/components/i18n";
import "./mentions.css";

function AtIcon({ size = 18 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="4" />
      <path d="M16 8v5a3 3 0 0 0 6 0v-1a10 10 0 1 0-4 8" />
    </svg>
  );
}

/**
 * The top bar's "Mentions" button, its unread badge, and the panel (a non-modal dialog) that
 * lists the member's mentions, newest first. Choosing one opens its conversation and marks
 * it read. Escape or a click outside closes the panel and gives focus back to the button.
 */
export function MentionsMenu({ socket, open: openConversation }: { socket: LiveSocket | null; open: (conversationId: string) => void }) {
  const { t } = useI18n();
  const { query, mentions, unread, markRead } = useMentions(socket);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const titleId = useId();

  const close = useCallback((focusButton: boolean) => {
    setOpen(false);
    if (focusButton) trigger.current?.focus();
  }, []);
  useDismiss(open, root, close);

  useEffect(() => {
    if (!open) return;
    // Into the panel: its first mention, else its heading's region.
    (panel.current?.querySelector<HTMLElement>(".mention-item") ?? panel.current)?.focus();
  }, [open]);

  // ↑/↓ move between the mentions in the list.
  const onListKey = (e: React.KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const items = [...(panel.current?.querySelectorAll<HTMLElement>(".mention-item") ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    const next = items[Math.min(items.length - 1, Math.max(0, i + (e.key === "ArrowDown" ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  const choose = (m: MentionDto) => {
    if (!m.readAt) markRead([m.id]);
    close(false);
    openConversation(m.conversationId);
  };

  const badge = unread > 99 ? "99+" : String(unread);
  return (
    <div className="mentions-menu" ref={root}>
      <button
        ref={trigger}
        type="button"
        className="mentions-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? t("mentions.buttonUnread", { n: unread }) : t("mentions.button")}
        onClick={() => setOpen((o) => !o)}
      >
        <AtIcon />
        <span className="mentions-label" aria-hidden="true">
          {t("mentions.button")}
        </span>
        {/* A space: the visible words read "Mentions 1", which the label (for screen readers) starts with. */}
        {unread > 0 && " "}
        {unread > 0 && (
          <span className="mentions-badge" data-testid="mentions-badge" aria-hidden="true">
            {badge}
          </span>
        )}
      </button>
      <div ref={panel} className="mentions-panel" id={panelId} role="dialog" aria-labelledby={titleId} tabIndex={-1} hidden={!open}>
        <div className="mentions-head">
          <h2 id={titleId}>{t("mentions.title")}</h2>
          <button type="button" className="button" disabled={unread === 0} onClick={() => markRead("all")}>
            {t("mentions.markAllRead")}
          </button>
        </div>
        {query.isPending && <p className="mentions-empty">{t("mentions.loading")}</p>}
        {query.isError && (
          <p className="mentions-empty" role="alert">
            {t("mentions.loadFailed")}
          </p>
        )}
        {query.isSuccess && mentions.length === 0 && <p className="mentions-empty">{t("mentions.empty")}</p>}
        {open && mentions.length > 0 && (
          <ul className="mentions-list" aria-labelledby={titleId} onKeyDown={onListKey}>
            {mentions.map((m) => (
              <MentionItem key={m.id} mention={m} onChoose={choose} />
            ))}
          </ul>
        )}
        {query.hasNextPage && (
          <button type="button" className="button mentions-more" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("mentions.older")}
          </button>
        )}
      </div>
    </div>
  );
}

function MentionItem({ mention: m, onChoose }: { mention: MentionDto; onChoose: (m: MentionDto) => void }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const author = m.by?.name || t("mentions.someone");
  return (
    <li>
      <button type="button" className={`mention-item${m.readAt ? "" : " is-unread"}`} onClick={() => onChoose(m)}>
        <span className="mention-line">
          {!m.readAt && (
            <span className="mention-dot">
              <span className="visually-hidden">{t("mentions.unread")}</span>
            </span>
          )}
          <span className="mention-who">{t("mentions.byIn", { author, contact: m.contactName })}</span>
          <time className="mention-time" dateTime={m.createdAt} title={fullTime(m.createdAt, locale)}>
            {relativeTime(m.createdAt, now, locale)}
          </time>
        </span>
        <span className="mention-excerpt">{m.excerpt}</span>
      </button>
    </li>
  );
}
