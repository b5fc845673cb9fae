"use client";

import { useId, useLayoutEffect, useRef, useState } from "react";
import { LockIcon, SendIcon } from "@/components/inbox/icons";

/** sent; kept (the platform refused: the thread shows it failed, with Retry); rolled-back (nothing stored). */
export type SendOutcome = "sent" | "kept" | "rolled-back";

type Props = { onSend: (text: string) => Promise<SendOutcome>; disabledReason: string | null; draftKey: string };

const MAX_HEIGHT = 168;

/** Unsent text per conversation, kept while the agent looks at another one. */
const drafts = new Map<string, string>();

/** Enter sends, Shift+Enter is a new line; a send that never reached the server gives the text back. */
export function Composer({ onSend, disabledReason, draftKey }: Props) {
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

  // Grow with the text, up to a limit, then scroll inside.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
  }, [text]);

  async function submit() {
    const value = text.trim();
    if (!value || disabledReason) return;
    setText("");
    setError(null);
    const outcome = await onSend(value);
    if (outcome === "rolled-back") {
      setText((current) => current || value);
      setError("Not sent: the server could not be reached. Your text is back in the box; try again.");
    }
  }

  return (
    <form
      className={`composer${disabledReason ? " is-disabled" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {disabledReason && (
        <p className="composer-note" id={noteId}>
          <LockIcon size={15} />
          <span>{disabledReason}</span>
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
          disabled={!!disabledReason}
          aria-describedby={disabledReason ? noteId : hintId}
          placeholder={disabledReason ? "Replies are paused" : "Write a reply…"}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <button type="submit" className="send-button" disabled={!!disabledReason || !text.trim()}>
          <SendIcon size={15} />
          Send
        </button>
      </div>
      {!disabledReason && (
        <p className="composer-hint" id={hintId}>
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
        </p>
      )}
    </form>
  );
}
