"use client";

import { useId, useLayoutEffect, useRef, useState } from "react";
import { ClockIcon, LockIcon, PaperclipIcon, SendIcon, XIcon } from "@/components/inbox/icons";
import { useReplyWindow } from "@/components/inbox/reply-window";
import { useTypingSignal } from "@/components/inbox/presence";
import { api } from "@/lib/client/api";
import { channelMeta, type Channel } from "@/lib/channels/metadata";
import type { FileDto } from "@/lib/shared/file-dto";
import { checkOutboundFile, guessMime, megabytes } from "@/lib/shared/outbound-attachments";

/**
 * sent; kept (the platform refused: the thread shows it failed, with Retry); rolled-back (nothing stored);
 * outside-window (the server answered 409 outside_window before storing anything: the text comes back).
 */
export type SendOutcome = "sent" | "kept" | "rolled-back" | "outside-window";

type Props = {
  /** `files`: already uploaded (POST /api/files), in the order the agent chose them. */
  onSend: (text: string, files: FileDto[]) => Promise<SendOutcome>;
  /** A private note for the team: never sent to the platform, so no window or pause applies. */
  onNote: (text: string) => Promise<SendOutcome>;
  disabledReason: string | null;
  draftKey: string;
  /** Whose limits the chosen files are checked against before anything is uploaded. */
  channel: Channel;
};

/** "820 KB", "3.4 MB". */
function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : megabytes(bytes);
}

const MAX_HEIGHT = 168;

/** Unsent text per conversation, kept while the agent looks at another one. */
const drafts = new Map<string, string>();

/** Enter sends, Shift+Enter is a new line; a send that never reached the server gives the text back. */
export function Composer({ onSend, onNote, disabledReason, draftKey, channel }: Props) {
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
  // Files chosen for the reply (not yet uploaded: that happens on Send).
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
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

  const meta = channelMeta[channel];
  const attaching = !noteMode && !reason;

  /** Adds what the channel can send; says why for each file it cannot (nothing is uploaded yet). */
  function addFiles(list: FileList | File[]) {
    const policy = meta.outboundAttachments;
    const refused: string[] = [];
    const accepted: File[] = [];
    for (const f of Array.from(list)) {
      const check = checkOutboundFile(meta.label, policy, { name: f.name, mime: guessMime(f.name, f.type), size: f.size });
      if (check.ok) accepted.push(f);
      else refused.push(check.reason);
    }
    const next = [...files, ...accepted];
    if (next.length > policy.maxFiles) refused.push(`${meta.label} replies take at most ${policy.maxFiles} files.`);
    setFiles(next.slice(0, policy.maxFiles));
    setError(refused.length ? `Not attached: ${refused.join(" ")}` : null);
  }

  async function submit() {
    const value = text.trim();
    const chosen = noteMode ? [] : files;
    if ((!value && !chosen.length) || reason || busy) return;
    setError(null);
    let uploaded: FileDto[] = [];
    if (chosen.length) {
      setBusy(true);
      try {
        uploaded = await Promise.all(chosen.map((f) => api.upload(f)));
      } catch (err) {
        setBusy(false);
        setError(`Not sent: a file could not be uploaded (${err instanceof Error ? err.message : "network error"}). Your reply is still here.`);
        return;
      }
      setBusy(false);
      setFiles([]);
    }
    setText("");
    signal.stopped();
    const outcome = await (noteMode ? onNote(value) : onSend(value, uploaded));
    if (outcome === "rolled-back" || outcome === "outside-window") {
      setText((current) => current || value);
      // The uploads are kept by the server; choosing the files again uploads new copies.
      if (chosen.length) setFiles((current) => (current.length ? current : chosen));
      setError(
        outcome === "outside-window"
          ? "Not sent: the platform no longer allows a reply in this conversation. Your text is back in the box."
          : "Not sent: the server could not be reached. Your text is back in the box; try again.",
      );
    }
  }

  return (
    <form
      className={`composer${reason ? " is-disabled" : ""}${noteMode ? " is-note" : ""}${dragging ? " is-dragging" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onDragOver={(e) => {
        if (!attaching || !e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        setDragging(false);
        if (!attaching || !e.dataTransfer.files.length) return;
        e.preventDefault();
        addFiles(e.dataTransfer.files);
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
      {attaching && files.length > 0 && (
        <ul className="composer-files" aria-label="Attachments">
          {files.map((f, i) => (
            <li key={`${f.name}-${f.size}-${i}`} className="composer-file">
              <PaperclipIcon size={13} />
              <span className="composer-file-name">{f.name}</span>
              <span className="composer-file-size">{fileSize(f.size)}</span>
              <button type="button" className="composer-file-remove" aria-label={`Remove ${f.name}`} onClick={() => setFiles((current) => current.filter((_, j) => j !== i))}>
                <XIcon size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-box">
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          onChange={(e) => {
            if (e.target.files?.length) addFiles(e.target.files);
            e.target.value = "";
          }}
        />
        <button
          type="button"
          className="attach-button"
          aria-label="Attach file"
          title={noteMode ? "Notes cannot carry files" : `Attach files (${meta.outboundAttachments.accepts})`}
          disabled={!attaching || busy}
          onClick={() => picker.current?.click()}
        >
          <PaperclipIcon size={16} />
        </button>
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
        <button type="submit" className="send-button" disabled={!!reason || busy || (!text.trim() && (noteMode || !files.length))}>
          <SendIcon size={15} />
          {noteMode ? "Add note" : busy ? "Uploading…" : "Send"}
        </button>
      </div>
      {!reason && (
        <p className="composer-hint" id={hintId}>
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line{attaching ? " · drop files here to attach" : ""}
        </p>
      )}
    </form>
  );
}
