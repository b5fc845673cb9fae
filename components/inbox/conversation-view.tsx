"use client";

import { useState, type RefObject } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api";
import { Avatar, ChannelBadge } from "@/components/inbox/avatar";
import { ArrowLeftIcon, ChatIcon, CheckCircleIcon, ClockIcon, ReopenIcon } from "@/components/inbox/icons";
import { Thread } from "@/components/inbox/thread";
import { Colleagues } from "@/components/inbox/presence";
import { ReplyWindowProvider } from "@/components/inbox/reply-window";
import { LabelsMenu, SnoozeForm, StatusMenu } from "@/components/inbox/header-menus";
import { LabelChips } from "@/components/inbox/conversation-list";
import { fullTime } from "@/components/inbox/format";
import type { ConversationDto, ConversationStatus, LabelDto } from "@/lib/shared/dto";
import { labelsOf } from "@/lib/shared/labels";
import { rich, useI18n } from "@/components/i18n";

type Props = {
  conversation: ConversationDto;
  myId: string;
  onBack: () => void;
  onStatus: (c: ConversationDto, status: ConversationStatus, snoozedUntil?: string) => void;
  onLabels: (c: ConversationDto, labels: LabelDto[]) => void;
  onAssign: (c: ConversationDto, assigneeId: string | null) => void;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** The contact panel, on windows too narrow to show it beside the thread. */
  detailsOpen: boolean;
  onDetails: () => void;
};

/** The middle pane: who we talk to, the open/resolved toggle, the thread and the composer. */
export function ConversationView({ conversation: c, myId, onBack, onStatus, onLabels, onAssign, headingRef, detailsOpen, onDetails }: Props) {
  // Resolve from open, pending or snoozed; Reopen once resolved.
  const open = c.status !== "resolved";
  const [customSnooze, setCustomSnooze] = useState(false);
  // Resolving with a reply not sent asks first: the customer has not had an answer.
  const [confirming, setConfirming] = useState(false);
  // Colleagues change rarely: fetched once per page, for the assignee picker.
  const members = useQuery({ queryKey: ["members"], queryFn: api.members, staleTime: 5 * 60_000 });
  const { t, locale } = useI18n();
  return (
    <>
      <header className="thread-header">
        <button type="button" className="icon-button back" onClick={onBack} aria-label={t("view.back")} title={t("view.back")}>
          <ArrowLeftIcon size={18} />
        </button>
        <Avatar name={c.contact.name} url={c.contact.avatarUrl} size={36} />
        <div className="thread-title">
          <h2 ref={headingRef} tabIndex={-1}>
            {c.contact.name}
          </h2>
          <ChannelBadge channel={c.channel} via={c.integrationName} />
          <Colleagues conversationId={c.id} />
        </div>
        <button type="button" className="button details-toggle" aria-controls="contact-details" aria-expanded={detailsOpen} onClick={onDetails}>
          {t("view.contact")}
        </button>
        <div className="assignee">
          {c.assignee?.id !== myId && (
            <button type="button" className="button" onClick={() => onAssign(c, myId)} title={t("view.takeHint")}>
              {t("view.assignToMe")}
            </button>
          )}
          <select
            aria-label={t("view.assignee")}
            className="assignee-select"
            value={c.assignee?.id ?? ""}
            onChange={(e) => onAssign(c, e.target.value || null)}
          >
            <option value="">{t("view.unassigned")}</option>
            {c.assignee && !members.data?.some((m) => m.id === c.assignee?.id) && <option value={c.assignee.id}>{c.assignee.name}</option>}
            {members.data?.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === myId ? t("view.you", { name: m.name }) : m.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className={`button status-toggle${open ? " primary" : ""}`}
          onClick={() => (open && c.failedReplies > 0 ? setConfirming(true) : onStatus(c, open ? "resolved" : "open"))}
          title={t(open ? "view.resolveHint" : "view.reopenHint")}
        >
          {open ? <CheckCircleIcon size={16} /> : <ReopenIcon size={16} />}
          {t(open ? "view.resolve" : "view.reopen")}
        </button>
      </header>
      {/* A row of its own: the header has no room left for them beside three panes. */}
      <div className="thread-tools">
        <StatusMenu conversation={c} onStatus={(status, until) => onStatus(c, status, until)} onCustom={() => setCustomSnooze(true)} />
        <LabelsMenu conversation={c} onLabels={(labels) => onLabels(c, labels)} />
        <LabelChips labels={labelsOf(c)} max={6} />
      </div>
      {customSnooze && (
        <SnoozeForm
          onSnooze={(iso) => {
            setCustomSnooze(false);
            onStatus(c, "snoozed", iso);
          }}
          onCancel={() => setCustomSnooze(false)}
        />
      )}
      {confirming && open && c.failedReplies > 0 && (
        <div className="confirm-banner" role="alertdialog" aria-label={t("view.confirmResolve")}>
          <p>{c.failedReplies === 1 ? t("view.oneNotSent") : t("view.manyNotSent", { n: c.failedReplies })} {t("view.stillWaiting")}</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setConfirming(false);
              onStatus(c, "resolved");
            }}
          >
            {t("view.resolveAnyway")}
          </button>
          <button type="button" className="button primary" onClick={() => setConfirming(false)}>
            {t("view.cancel")}
          </button>
        </div>
      )}
      {c.status === "snoozed" && (
        <p className="resolved-banner snoozed-banner" role="status">
          <ClockIcon size={15} />
          {t("view.snoozedBanner", { time: c.snoozedUntil ? fullTime(c.snoozedUntil, locale) : t("view.later") })}
        </p>
      )}
      {c.status === "pending" && (
        <p className="resolved-banner snoozed-banner" role="status">
          <ClockIcon size={15} />
          {t("view.pendingBanner")}
        </p>
      )}
      {!open && (
        <p className="resolved-banner" role="status">
          <CheckCircleIcon size={15} />
          {t("view.resolvedBanner")}
        </p>
      )}
      <ReplyWindowProvider value={c}>
        <Thread key={c.id} conversation={c} />
      </ReplyWindowProvider>
    </>
  );
}

export function EmptyThread({ missing = false }: { missing?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="thread-empty">
      <span className="thread-empty-icon">
        <ChatIcon size={28} />
      </span>
      <h2>{t(missing ? "view.notFound" : "view.noneOpen")}</h2>
      <p>
        {missing ? t("view.notFoundHint") : ""}
        {rich(t("view.pickHint"), { j: <kbd>J</kbd> })}
      </p>
    </div>
  );
}
