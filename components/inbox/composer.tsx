"use client";

import { useState } from "react";

type Props = { onSend: (text: string) => Promise<boolean>; disabledReason: string | null };

/** Enter sends, Shift+Enter is a new line; a refused send gives the text back. */
export function Composer({ onSend, disabledReason }: Props) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    const value = text.trim();
    if (!value || disabledReason) return;
    setText("");
    setError(null);
    if (!(await onSend(value))) {
      setText((current) => current || value);
      setError("The message could not be sent.");
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {disabledReason && (
        <p className="composer-disabled" role="note">
          {disabledReason}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-row">
        <label htmlFor="composer" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer"
          rows={2}
          value={text}
          disabled={!!disabledReason}
          placeholder={disabledReason ? "Replies are paused" : "Write a reply… (Enter to send, Shift+Enter for a new line)"}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <button type="submit" disabled={!!disabledReason || !text.trim()}>
          Send
        </button>
      </div>
    </form>
  );
}
