"use client";

import { useId, useLayoutEffect, useRef, useState } from "react";
import { ClockIcon, LockIcon, SendIcon } from "@/components/inbox/icons";
import { useReplyWindow } from "@/components/inbox/reply-window";
import { useTypingSignal } from "@/components/inbox/presence";

/**
 * sent; kept (the platform refused: the thread shows it failed, with Retry); rolled-back (nothing stored);
 * outside-window (the server answered 409 outside_window before storing anything: the text comes back).
 */
export type SendOutcome = "sent" | "kept" | "rolled-back" | "outside-window";

type Props = {
  onSend: (text: string) => Promise<SendOutcome>;
  /** A private note for the team: never sent to the platform, so no window or pause applies. */
  onNote: (text: string) => Promise<SendOutcome>;
  disabledReason: string | null;
  draftKey: string;
};

const MAX_HEIGHT = 168;

/** Unsent text per conversation, kept while the agent looks at another one. */
const drafts = new Map<string, string>();

/** Enter sends, Shift+Enter is a new line; a send that never reached the server gives the text back. */
export function Composer({ onSend, onNote, disabledReason, draftKey }: Props) {
  const [noteMode, setNoteMode] = useState(false);
  const signal = useTypingSignal(draftKey);
  const [text, setTextState] = useState(() => drafts.get(draftKey) ?? "");
  const setText = (next: string | ((current: string) => string)) =>
    setTextState((current) => {
      const value = typeof next === "function" ? next(current) : next;
      if (value) drafts.set(draftKey, value);
      else drafts.delete(draftKey);
      return value;
    });
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const noteId = useId();
  const hintId = useId();
  const windowId = useId();
  // The platform's messaging window: a banner while it is open, the reason when it has closed.
  const replyWindow = useReplyWindow();
  const windowClosed = replyWindow?.window.state === "closed" ? replyWindow.detail : null;
  const reason = noteMode ? null : (disabledReason ?? windowClosed);

  // Grow with the text, up to a limit, then scroll inside.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
  }, [text]);

  async function submit() {
    const value = text.trim();
    if (!value || reason) return;
    setText("");
    setError(null);
    signal.stopped();
    const outcome = await (noteMode ? onNote : onSend)(value);
    if (outcome === "rolled-back" || outcome === "outside-window") {
      setText((current) => current || value);
      setError(
        outcome === "outside-window"
          ? "Not sent: the platform no longer allows a reply in this conversation. Your text is back in the box."
          : "Not sent: the server could not be reached. Your text is back in the box; try again.",
      );
    }
  }

  return (
    <form
      className={`composer${reason ? " is-disabled" : ""}${noteMode ? " is-note" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {reason && (
        <p className="composer-note" id={noteId}>
          <LockIcon size={15} />
          <span>{reason}</span>
        </p>
      )}
      <div className="composer-modes">
        <button type="button" className={`mode-toggle${noteMode ? " is-on" : ""}`} aria-pressed={noteMode} onClick={() => setNoteMode((on) => !on)} title="Notes are seen by your team only and never sent to the customer">
          <LockIcon size={13} />
          Private note
        </button>
      </div>
      {!reason && !noteMode && replyWindow && (
        <p className={`composer-window is-${replyWindow.window.state}`} id={windowId} title={replyWindow.detail}>
          <ClockIcon size={14} />
          <strong>{replyWindow.headline}</strong>
          {replyWindow.window.state === "human_agent" && <span>{replyWindow.detail}</span>}
        </p>
      )}
      {error && (
        <p className="composer-error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-box">
        <label htmlFor="composer" className="visually-hidden">
          Message
        </label>
        <textarea
          ref={box}
          id="composer"
          rows={1}
          value={text}
          disabled={!!reason}
          aria-describedby={reason ? noteId : replyWindow && !noteMode ? `${windowId} ${hintId}` : hintId}
          placeholder={noteMode ? "Write a private note: only your team sees it" : reason ? (windowClosed && !disabledReason ? "Reply window closed" : "Replies are paused") : "Write a reply…"}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value) signal.typing();
            else signal.stopped();
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <button type="submit" className="send-button" disabled={!!reason || !text.trim()}>
          <SendIcon size={15} />
          {noteMode ? "Add note" : "Send"}
        </button>
      </div>
      {!reason && (
        <p className="composer-hint" id={hintId}>
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
        </p>
      )}
    </form>
  );
}
