"use client";

import type { RefObject } from "react";
import { Avatar, ChannelBadge } from "@/components/inbox/avatar";
import { ArrowLeftIcon, ChatIcon, CheckCircleIcon, ReopenIcon } from "@/components/inbox/icons";
import { Thread } from "@/components/inbox/thread";
import { ReplyWindowProvider } from "@/components/inbox/reply-window";
import type { ConversationDto } from "@/lib/shared/dto";

type Props = {
  conversation: ConversationDto;
  onBack: () => void;
  onStatus: (c: ConversationDto, status: "open" | "resolved") => void;
  headingRef: RefObject<HTMLHeadingElement | null>;
};

/** The middle pane: who we talk to, the open/resolved toggle, the thread and the composer. */
export function ConversationView({ conversation: c, onBack, onStatus, headingRef }: Props) {
  const open = c.status === "open";
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
        </div>
        <button
          type="button"
          className={`button status-toggle${open ? " primary" : ""}`}
          onClick={() => onStatus(c, open ? "resolved" : "open")}
          title={open ? "Mark as resolved: it leaves the Open view until the customer writes again" : "Move back to Open"}
        >
          {open ? <CheckCircleIcon size={16} /> : <ReopenIcon size={16} />}
          {open ? "Resolve" : "Reopen"}
        </button>
      </header>
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

export function EmptyThread() {
  return (
    <div className="thread-empty">
      <span className="thread-empty-icon">
        <ChatIcon size={28} />
      </span>
      <h2>No conversation open</h2>
      <p>
        Pick one from the list, or press <kbd>J</kbd> to open the newest.
      </p>
    </div>
  );
}
