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
  return (
    <>
      <header className="thread-header">
        <button type="button" className="icon-button back" onClick={onBack} aria-label="Back to conversations" title="Back to conversations">
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
          Contact
        </button>
        <div className="assignee">
          {c.assignee?.id !== myId && (
            <button type="button" className="button" onClick={() => onAssign(c, myId)} title="Take this conversation (A)">
              Assign to me
            </button>
          )}
          <select
            aria-label="Assignee"
            className="assignee-select"
            value={c.assignee?.id ?? ""}
            onChange={(e) => onAssign(c, e.target.value || null)}
          >
            <option value="">Unassigned</option>
            {c.assignee && !members.data?.some((m) => m.id === c.assignee?.id) && <option value={c.assignee.id}>{c.assignee.name}</option>}
            {members.data?.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === myId ? `${m.name} (you)` : m.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className={`button status-toggle${open ? " primary" : ""}`}
          onClick={() => (open && c.failedReplies > 0 ? setConfirming(true) : onStatus(c, open ? "resolved" : "open"))}
          title={open ? "Mark as resolved: it leaves the Open view until the customer writes again" : "Move back to Open"}
        >
          {open ? <CheckCircleIcon size={16} /> : <ReopenIcon size={16} />}
          {open ? "Resolve" : "Reopen"}
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
        <div className="confirm-banner" role="alertdialog" aria-label="Resolve with a reply not sent?">
          <p>{c.failedReplies === 1 ? "A reply in this conversation was not sent." : `${c.failedReplies} replies in this conversation were not sent.`} The customer may still be waiting.</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setConfirming(false);
              onStatus(c, "resolved");
            }}
          >
            Resolve anyway
          </button>
          <button type="button" className="button primary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {c.status === "snoozed" && (
        <p className="resolved-banner snoozed-banner" role="status">
          <ClockIcon size={15} />
          Snoozed until {c.snoozedUntil ? fullTime(c.snoozedUntil) : "later"}. A new message from the customer wakes it.
        </p>
      )}
      {c.status === "pending" && (
        <p className="resolved-banner snoozed-banner" role="status">
          <ClockIcon size={15} />
          Pending: waiting on the customer. Their next message opens it.
        </p>
      )}
      {!open && (
        <p className="resolved-banner" role="status">
          <CheckCircleIcon size={15} />
          Resolved. A new message from the customer reopens it.
        </p>
      )}
      <ReplyWindowProvider value={c}>
        <Thread key={c.id} conversation={c} />
      </ReplyWindowProvider>
    </>
  );
}

export function EmptyThread({ missing = false }: { missing?: boolean }) {
  return (
    <div className="thread-empty">
      <span className="thread-empty-icon">
        <ChatIcon size={28} />
      </span>
      <h2>{missing ? "Conversation not found" : "No conversation open"}</h2>
      <p>
        {missing ? "The link names a conversation that does not exist in this account. " : ""}
        Pick one from the list, or press <kbd>J</kbd> to open the newest.
      </p>
    </div>
  );
}
