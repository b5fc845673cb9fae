"use client";

import { memo, useCallback, useEffect, useMemo, useState, type RefObject } from "react";
import { useQuery, type UseInfiniteQueryResult, type InfiniteData } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { keys } from "@/lib/client/cache";
import type { ConversationPage, Filters } from "@/lib/client/api";
import { Avatar, ChannelMark } from "@/components/inbox/avatar";
import { fullTime, relativeTime } from "@/components/inbox/format";
import { ClockIcon, SearchIcon } from "@/components/inbox/icons";
import { VirtualList, type RowRange, type VirtualListHandle } from "@/components/inbox/virtual-list";
import { useNow } from "@/hooks/use-now";
import type { ConversationDto, LabelDto } from "@/lib/shared/dto";
import { labelsOf } from "@/lib/shared/labels";
import { channelList } from "@/lib/channels/metadata";
import { rich, useI18n } from "@/components/i18n";
import type { Locale } from "@/lib/shared/i18n/locales";
import type { MessageKey } from "@/lib/shared/i18n/translate";

export const ROW_HEIGHT = 76;

type Props = {
  /** The signed-in agent: the Mine view. */
  myId: string;
  filters: Filters;
  search: string;
  onSearch: (q: string) => void;
  onFilters: (f: Omit<Filters, "q">) => void;
  query: UseInfiniteQueryResult<InfiniteData<ConversationPage>>;
  list: ConversationDto[];
  selectedId: string | null;
  onSelect: (c: ConversationDto) => void;
  listRef: RefObject<VirtualListHandle | null>;
  searchRef: RefObject<HTMLInputElement | null>;
};

const statuses: { value: Filters["status"]; label: MessageKey }[] = [
  { value: "open", label: "status.open" },
  { value: "pending", label: "status.pending" },
  { value: "snoozed", label: "status.snoozed" },
  { value: "resolved", label: "status.resolved" },
  { value: "all", label: "list.all" },
];

export function ConversationList({ myId, filters, search, onSearch, onFilters, query, list, selectedId, onSelect, listRef, searchRef }: Props) {
  const now = useNow();
  const { t } = useI18n();
  // The account's labels, for the filter (changes to them are rare: refetched on focus).
  const labels = useQuery({ queryKey: keys.labels, queryFn: api.labels, staleTime: 60_000 });
  // A row carrying a label this tab does not know yet (an admin just added it): fetch the labels again.
  const known = labels.data;
  const { refetch: refetchLabels, isFetching: fetchingLabels } = labels;
  const unknownLabel = useMemo(() => !!known && list.some((c) => labelsOf(c).some((l) => !known.some((k) => k.id === l.id && k.name === l.name && k.color === l.color))), [known, list]);
  useEffect(() => {
    if (unknownLabel && !fetchingLabels) void refetchLabels();
  }, [unknownLabel, fetchingLabels, refetchLabels]);
  const { label = "", ...rest } = filters;
  const base = { channel: rest.channel, status: rest.status, assignee: rest.assignee, label };
  // Roving focus: one row is in the tab order; arrow keys move between rows.
  const [active, setActive] = useState<string | null>(null);
  const focusId = active ?? selectedId;
  const focusIndex = useMemo(() => (focusId ? list.findIndex((x) => x.id === focusId) : -1), [focusId, list]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLUListElement>) => {
    const current = Number((e.target as HTMLElement).closest<HTMLElement>("[data-index]")?.dataset.index ?? -1);
    const last = list.length - 1;
    const to =
      e.key === "ArrowDown" && !e.altKey ? Math.min(last, current + 1)
      : e.key === "ArrowUp" && !e.altKey ? Math.max(0, current - 1)
      : e.key === "Home" ? 0
      : e.key === "End" ? last
      : null;
    if (to === null || to < 0) return;
    e.preventDefault();
    const target = list[to];
    if (target) setActive(target.id);
    listRef.current?.focusIndex(to);
  };

  const renderRow = (c: ConversationDto, i: number, range: RowRange) => {
    const tabbable = focusIndex >= range.start && focusIndex < range.end ? i === focusIndex : i === range.start;
    return (
      <ConversationRow
        conversation={c}
        selected={c.id === selectedId}
        tabbable={tabbable}
        now={now}
        onSelect={onSelect}
        onFocus={setActive}
      />
    );
  };

  const empty = query.isSuccess && !query.isPlaceholderData && list.length === 0;
  const emptyText = filters.q.trim()
    ? t("list.emptySearch", { q: filters.q.trim() })
    : filters.assignee === myId
      ? t("list.emptyMine")
      : filters.assignee === "unassigned"
        ? t("list.emptyUnassigned")
    : label
      ? t("list.emptyLabel")
    : filters.status === "open"
      ? t("list.emptyOpen")
      : filters.status === "pending"
        ? t("list.emptyPending")
      : filters.status === "snoozed"
        ? t("list.emptySnoozed")
      : filters.status === "resolved"
        ? t("list.emptyResolved")
        : t("list.emptyAll");

  return (
    <nav aria-label={t("list.nav")} className="pane list-pane">
      <div className="list-header">
        <div className="search">
          <SearchIcon size={16} className="search-icon" />
          <input
            ref={searchRef}
            type="search"
            aria-label={t("list.search")}
            placeholder={t("list.searchPlaceholder")}
            autoComplete="off"
            spellCheck={false}
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && search) {
                e.preventDefault();
                onSearch("");
              }
            }}
          />
          <kbd className="search-kbd" aria-hidden="true" title={t("list.searchKey")}>
            /
          </kbd>
        </div>
        <div className="views" role="tablist" aria-label={t("list.views")}>
          {[
            { value: myId, label: t("list.mine") },
            { value: "unassigned", label: t("list.unassigned") },
            { value: "all", label: t("list.all") },
          ].map((v) => (
            <button
              key={v.value}
              type="button"
              role="tab"
              className="view-tab"
              aria-selected={filters.assignee === v.value}
              onClick={() => onFilters({ ...base, assignee: v.value })}
            >
              {v.label}
            </button>
          ))}
        </div>
        <div className="filter-row">
          <fieldset className="segmented">
            <legend className="visually-hidden">{t("list.status")}</legend>
            {statuses.map((s) => (
              <label key={s.value} className="segment">
                <input
                  type="radio"
                  name="status"
                  value={s.value}
                  checked={filters.status === s.value}
                  onChange={() => onFilters({ ...base, status: s.value })}
                />
                <span>{t(s.label)}</span>
              </label>
            ))}
          </fieldset>
          <select
            aria-label={t("list.channel")}
            className="channel-select"
            value={filters.channel}
            onChange={(e) => onFilters({ ...base, channel: e.target.value as Filters["channel"] })}
          >
            <option value="">{t("list.allChannels")}</option>
            {channelList.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <select aria-label={t("list.label")} className="channel-select label-select" value={label} onChange={(e) => onFilters({ ...base, label: e.target.value })}>
            <option value="">{t("list.allLabels")}</option>
            {label && !labels.data?.some((l) => l.id === label) && <option value={label}>{t("list.deletedLabel")}</option>}
            {labels.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={`list-body${query.isPlaceholderData ? " is-stale" : ""}`} aria-busy={query.isFetching && !query.isFetchingNextPage}>
        {query.isPending ? (
          <SkeletonRows />
        ) : query.isError && list.length === 0 ? (
          <div className="list-empty">
            <p>{t("list.loadFailed")}</p>
            <button type="button" className="button" onClick={() => void query.refetch()}>
              {t("list.tryAgain")}
            </button>
          </div>
        ) : empty ? (
          <div className="list-empty">
            <p>{emptyText}</p>
          </div>
        ) : (
          <VirtualList
            items={list}
            rowHeight={ROW_HEIGHT}
            getKey={(c) => c.id}
            renderRow={renderRow}
            hasMore={!!hasNextPage}
            onEndReached={loadMore}
            resetKey={`${filters.status}|${filters.channel}|${filters.assignee}|${label}|${filters.q}`}
            footer={hasNextPage || isFetchingNextPage ? <span className="list-more">{isFetchingNextPage ? t("list.loadingMore") : ""}</span> : null}
            footerHeight={hasNextPage || isFetchingNextPage ? 44 : 0}
            className="conversations"
            handle={listRef}
            onKeyDown={onKeyDown}
          />
        )}
      </div>
      <p className="shortcut-hint">
        {rich(t("list.shortcuts"), {
          j: <kbd>J</kbd>,
          k: <kbd>K</kbd>,
          alt: <kbd>Alt</kbd>,
          up: <kbd>↑</kbd>,
          down: <kbd>↓</kbd>,
          slash: <kbd>/</kbd>,
          a: <kbd>A</kbd>,
          r: <kbd>R</kbd>,
          n: <kbd>N</kbd>,
          e: <kbd>E</kbd>,
        })}
      </p>
    </nav>
  );
}

type RowProps = {
  conversation: ConversationDto;
  selected: boolean;
  tabbable: boolean;
  now: number;
  onSelect: (c: ConversationDto) => void;
  onFocus: (id: string) => void;
};

const ConversationRow = memo(function ConversationRow({ conversation: c, selected, tabbable, now, onSelect, onFocus }: RowProps) {
  const unread = c.unreadCount > 0;
  const { t, locale } = useI18n();
  return (
    <a
      href={`/?c=${c.id}`}
      className={`conversation${selected ? " selected" : ""}${unread ? " unread" : ""}`}
      aria-current={selected ? "page" : undefined}
      tabIndex={tabbable ? 0 : -1}
      onFocus={() => onFocus(c.id)}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return; // let the browser open a new tab
        e.preventDefault();
        onSelect(c);
      }}
    >
      <span className="avatar-wrap">
        <Avatar name={c.contact.name} url={c.contact.avatarUrl} size={40} />
        <ChannelMark channel={c.channel} />
      </span>
      <span className="conversation-body">
        <span className="conversation-top">
          <span className="name">{c.contact.name}</span>
          {c.failedReplies > 0 && (
            <span className="tag tag-danger" title={t("list.notSentHint")}>
              {t("list.notSent")}
            </span>
          )}
          {c.status === "resolved" && <span className="tag">{t("status.resolved")}</span>}
          {c.status === "pending" && <span className="tag tag-pending">{t("status.pending")}</span>}
          {c.status === "snoozed" && c.snoozedUntil && (
            <span className="tag tag-snoozed" title={t("list.snoozedUntil", { time: fullTime(c.snoozedUntil, locale) })}>
              <ClockIcon size={11} />
              <span className="visually-hidden">{t("list.snoozedUntilPrefix")}</span>
              {snoozeLabel(c.snoozedUntil, now, locale)}
            </span>
          )}
          <time dateTime={c.lastMessageAt} className="time" title={fullTime(c.lastMessageAt, locale)}>
            {relativeTime(c.lastMessageAt, now, locale)}
          </time>
        </span>
        <span className="conversation-bottom">
          <span className="preview">{c.lastMessagePreview || t("list.noMessages")}</span>
          <LabelChips labels={labelsOf(c)} />
          {c.assignee && (
            <span className="assignee-chip" title={t("list.assignedTo", { name: c.assignee.name })}>
              <span className="visually-hidden">{t("list.assignedToPrefix")}</span>
              {c.assignee.name.split(" ")[0]}
            </span>
          )}
          {unread && (
            <span className="unread-badge">
              {c.unreadCount > 99 ? "99+" : c.unreadCount}
              <span className="visually-hidden">{t("list.unread")}</span>
            </span>
          )}
        </span>
      </span>
    </a>
  );
});

/** A row's labels: the first two by name, then how many more (the header lists them all). */
export function LabelChips({ labels, max = 2 }: { labels: LabelDto[]; max?: number }) {
  const { t } = useI18n();
  if (!labels.length) return null;
  const shown = labels.slice(0, max);
  return (
    <span className="label-chips" aria-label={t("list.labels", { names: labels.map((l) => l.name).join(", ") })}>
      {shown.map((l) => (
        <span key={l.id} className={`label-chip label-${l.color}`} aria-hidden="true">
          {l.name}
        </span>
      ))}
      {labels.length > shown.length && (
        <span className="label-chip label-gray" aria-hidden="true">
          +{labels.length - shown.length}
        </span>
      )}
    </span>
  );
}

/** "14:30" today, "Tue 09:00" within a week, else "3 Dec". */
export function snoozeLabel(iso: string, now: number, locale?: Locale): string {
  const at = new Date(iso);
  const days = (at.getTime() - now) / 86_400_000;
  const sameDay = new Date(now).toDateString() === at.toDateString();
  if (sameDay) return at.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  if (days < 6) return at.toLocaleString(locale, { weekday: "short", hour: "2-digit", minute: "2-digit" });
  return at.toLocaleDateString(locale, { day: "numeric", month: "short" });
}

function SkeletonRows() {
  return (
    <div className="skeleton" aria-hidden="true">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="skeleton-row" style={{ height: ROW_HEIGHT }}>
          <span className="skeleton-avatar" />
          <span className="skeleton-lines">
            <span style={{ width: `${55 + ((i * 17) % 30)}%` }} />
            <span style={{ width: `${70 + ((i * 11) % 25)}%` }} />
          </span>
        </div>
      ))}
    </div>
  );
}
