"use client";

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { keys } from "@/lib/client/cache";
import { CheckIcon, ChevronDownIcon, ClockIcon } from "@/components/inbox/icons";
import { fullTime } from "@/components/inbox/format";
import type { ConversationDto, ConversationStatus, LabelDto } from "@/lib/shared/dto";
import { labelsOf } from "@/lib/shared/labels";
import { useI18n } from "@/components/i18n";
import { useDismiss } from "@/hooks/use-dismiss";
import type { Locale } from "@/lib/shared/i18n/locales";
import { translate, type MessageKey } from "@/lib/shared/i18n/translate";

/**
 * A button that opens a menu below it: Escape or a click/focus outside closes it and gives focus back,
 * arrow keys move between its items, the first item takes focus on open.
 */
function MenuButton({ label, text, className, children }: { label: string; text: ReactNode; className?: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>("[role^=menuitem]")?.focus();
  }, [open]);
  useDismiss(
    open,
    root,
    useCallback((refocus: boolean) => {
      setOpen(false);
      if (refocus) trigger.current?.focus();
    }, []),
  );
  const onMenuKey = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Home" && e.key !== "End") return;
    const items = [...(root.current?.querySelectorAll<HTMLElement>("[role^=menuitem]") ?? [])];
    if (!items.length) return;
    e.preventDefault();
    const i = items.indexOf(document.activeElement as HTMLElement);
    const to = e.key === "Home" ? 0 : e.key === "End" ? items.length - 1 : (i + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
    items[to]?.focus();
  };
  return (
    <div className={`header-menu ${className ?? ""}`} ref={root}>
      <button ref={trigger} type="button" className="button" aria-label={label} aria-haspopup="menu" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((o) => !o)}>
        {text}
        <ChevronDownIcon size={14} />
      </button>
      <div role="menu" id={menuId} aria-label={label} className="menu header-menu-list" hidden={!open} onKeyDown={onMenuKey}>
        {open && children(close)}
      </div>
    </div>
  );
}

export const statusKey: Record<ConversationStatus, MessageKey> = { open: "status.open", pending: "status.pending", snoozed: "status.snoozed", resolved: "status.resolved" };

/** Snooze presets, in the agent's own time zone: an hour from now, tomorrow 9:00, next Monday 9:00. */
export function snoozePresets(now = new Date(), locale: Locale = "en"): { label: string; at: Date }[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(now);
  monday.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7));
  monday.setHours(9, 0, 0, 0);
  return [
    { label: translate(locale, "snooze.hour"), at: new Date(now.getTime() + 3600_000) },
    { label: translate(locale, "snooze.tomorrow"), at: tomorrow },
    { label: translate(locale, "snooze.nextWeek"), at: monday },
  ];
}

type StatusProps = { conversation: ConversationDto; onStatus: (status: ConversationStatus, snoozedUntil?: string) => void; onCustom: () => void };

/** Pending, snooze (presets or a time of one's own) and back to open; Resolve/Reopen stay a button beside it. */
export function StatusMenu({ conversation: c, onStatus, onCustom }: StatusProps) {
  const { t, locale } = useI18n();
  return (
    <MenuButton label={t("statusMenu.label", { status: t(statusKey[c.status]) })} text={t(statusKey[c.status])} className="status-menu">
      {(close) => (
        <>
          {c.status !== "open" && c.status !== "resolved" && (
            <button type="button" role="menuitem" className="menu-item" onClick={() => (close(), onStatus("open"))}>
              {t("statusMenu.reopen")}
            </button>
          )}
          {c.status !== "pending" && (
            <button type="button" role="menuitem" className="menu-item" onClick={() => (close(), onStatus("pending"))}>
              {t("statusMenu.pending")}
            </button>
          )}
          <p className="menu-role" aria-hidden="true">
            {t("statusMenu.snooze")}
          </p>
          {snoozePresets(new Date(), locale).map((p) => (
            <button
              key={p.label}
              type="button"
              role="menuitem"
              className="menu-item"
              aria-label={t("statusMenu.snoozeAria", { label: p.label })}
              title={fullTime(p.at.toISOString(), locale)}
              onClick={() => (close(), onStatus("snoozed", p.at.toISOString()))}
            >
              <ClockIcon size={15} />
              {p.label}
              <span className="menu-hint">{p.at.toLocaleString(locale, { weekday: "short", hour: "2-digit", minute: "2-digit" })}</span>
            </button>
          ))}
          <button type="button" role="menuitem" className="menu-item" onClick={() => (close(), onCustom())}>
            <ClockIcon size={15} />
            {t("statusMenu.custom")}
          </button>
        </>
      )}
    </MenuButton>
  );
}

/** A datetime-local value ("2026-12-03T09:00") for a Date, in local time. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The custom snooze: a date and time of the agent's own, in the future and within a year. */
export function SnoozeForm({ onSnooze, onCancel }: { onSnooze: (iso: string) => void; onCancel: () => void }) {
  const [value, setValue] = useState(() => localInput(new Date(Date.now() + 3 * 3600_000)));
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const now = new Date();
  const yearAhead = new Date(now.getTime() + 365 * 86_400_000);
  return (
    <form
      className="confirm-banner snooze-form"
      aria-label={t("snooze.form")}
      onSubmit={(e) => {
        e.preventDefault();
        const at = new Date(value);
        if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) return setError(t("snooze.future"));
        if (at > yearAhead) return setError(t("snooze.yearAhead"));
        onSnooze(at.toISOString());
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
    >
      <label>
        {t("snooze.until")}{" "}
        <input ref={input} type="datetime-local" value={value} min={localInput(now)} max={localInput(yearAhead)} onChange={(e) => (setValue(e.target.value), setError(null))} required />
      </label>
      {error && (
        <span role="alert" className="danger-text">
          {error}
        </span>
      )}
      <button type="submit" className="button primary">
        {t("snooze.submit")}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {t("snooze.cancel")}
      </button>
    </form>
  );
}

/** The account's labels as checkboxes: ticking one puts it on the conversation for everyone, live. */
export function LabelsMenu({ conversation: c, onLabels }: { conversation: ConversationDto; onLabels: (labels: LabelDto[]) => void }) {
  const { t } = useI18n();
  return (
    <MenuButton label={t("labelsMenu.label")} text={t("labelsMenu.label")} className="labels-menu">
      {() => <LabelChoices conversation={c} onLabels={onLabels} />}
    </MenuButton>
  );
}

/** Mounted when the menu opens: the account's labels are fetched fresh then (an admin may just have added one). */
function LabelChoices({ conversation: c, onLabels }: { conversation: ConversationDto; onLabels: (labels: LabelDto[]) => void }) {
  const { t } = useI18n();
  const labels = useQuery({ queryKey: keys.labels, queryFn: api.labels, staleTime: 0 });
  const current = labelsOf(c);
  const on = new Set(current.map((l) => l.id));
  return labels.isPending ? (
          <p className="menu-role">{t("labelsMenu.loading")}</p>
        ) : !labels.data?.length ? (
          <p className="menu-role">{t("labelsMenu.none")}</p>
        ) : (
          labels.data.map((l) => (
            <button
              key={l.id}
              type="button"
              role="menuitemcheckbox"
              aria-checked={on.has(l.id)}
              className="menu-item"
              onClick={() => onLabels(on.has(l.id) ? current.filter((x) => x.id !== l.id) : [...current, l])}
            >
              <span className="menu-check" aria-hidden="true">
                {on.has(l.id) && <CheckIcon size={14} />}
              </span>
              <span className={`label-dot label-${l.color}`} aria-hidden="true" />
              {l.name}
            </button>
          ))
        );
}
