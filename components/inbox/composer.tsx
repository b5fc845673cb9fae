"use client";

import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { ClockIcon, LockIcon, PaperclipIcon, SendIcon, XIcon } from "@/components/inbox/icons";
import { useOpenConversation, useReplyWindow } from "@/components/inbox/reply-window";
import { useTypingSignal } from "@/components/inbox/presence";
import { SuggestionList, optionId, type Suggestion } from "@/components/inbox/suggestion-list";
import { api } from "@/lib/client/api";
import type { CannedReplyDto } from "@/lib/shared/canned-reply";
import type { Member } from "@/lib/shared/member";
import { channelMeta, type Channel } from "@/lib/channels/metadata";
import type { FileDto } from "@/lib/shared/file-dto";
import { checkOutboundFile, guessMime, megabytes, type OutboundFileProblem } from "@/lib/shared/outbound-attachments";
import type { MessageKey } from "@/lib/shared/i18n/translate";
import { errorText, rich, useI18n } from "@/components/i18n";

/**
 * sent; kept (the platform refused: the thread shows it failed, with Retry); rolled-back (nothing stored);
 * outside-window (the server answered 409 outside_window before storing anything: the text comes back).
 */
export type SendOutcome = "sent" | "kept" | "rolled-back" | "outside-window" | "not-loaded" | Refused;
/** The server refused it before storing anything (a 4xx: disconnected inbox, a file it will not send…), said in the agent's language. */
export type Refused = { refused: string };

type Props = {
  /** `files`: already uploaded (POST /api/files), in the order the agent chose them. */
  onSend: (text: string, files: FileDto[]) => Promise<SendOutcome>;
  /** A private note for the team: never sent to the platform, so no window or pause applies. `mentions`: member ids. */
  onNote: (text: string, mentions: string[]) => Promise<SendOutcome>;
  disabledReason: string | null;
  /** Why nothing can be sent yet although the agent may type (the thread did not load): the draft stays. */
  notReady?: string | null;
  draftKey: string;
  /** Whose limits the chosen files are checked against before anything is uploaded. */
  channel: Channel;
};

/** "820 KB", "3.4 MB". */
function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : megabytes(bytes);
}

const MAX_HEIGHT = 168;

/** Unsent text, chosen files and mentions per conversation, kept while the agent looks at another one. */
const drafts = new Map<string, string>();
const fileDrafts = new Map<string, File[]>();
const mentionDrafts = new Map<string, Record<string, string>>();

/** Asks the open conversation's composer to take focus, in reply or note mode (keyboard shortcuts R and N). */
export function focusComposer(mode: "reply" | "note"): void {
  window.dispatchEvent(new CustomEvent<ComposerRequest>(COMPOSER_EVENT, { detail: { mode } }));
}
type ComposerRequest = { mode: "reply" | "note" };
const COMPOSER_EVENT = "inbox:composer";

/** A `/word` (canned reply) or, in a note, an `@word` (mention) the caret is at the end of. */
type Trigger = { kind: "canned" | "mention"; start: number; end: number; query: string };

export function findTrigger(value: string, caret: number, noteMode: boolean): Trigger | null {
  const m = /(?:^|\s)([/@])([^\s/@]{0,40})$/u.exec(value.slice(0, caret));
  if (!m) return null;
  const query = m[2] ?? "";
  if (m[1] === "@" && !noteMode) return null;
  return { kind: m[1] === "/" ? "canned" : "mention", start: caret - query.length - 1, end: caret, query };
}

const MAX_SUGGESTIONS = 8;

function cannedMatches(list: CannedReplyDto[], query: string): CannedReplyDto[] {
  const q = query.toLowerCase();
  const hits = list.filter((c) => c.shortcut.includes(q) || c.text.toLowerCase().includes(q));
  // Shortcuts that start with what was typed first.
  return hits.sort((a, b) => Number(!a.shortcut.startsWith(q)) - Number(!b.shortcut.startsWith(q))).slice(0, MAX_SUGGESTIONS);
}

function memberMatches(list: Member[], query: string): Member[] {
  const q = query.toLowerCase();
  return list.filter((m) => m.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || m.name.toLowerCase().includes(q)).slice(0, MAX_SUGGESTIONS);
}

/** {{contact.name}} and {{agent.name}} filled in; other braces stay as written. */
export function fillPlaceholders(text: string, names: { contact: string | null; agent: string | null }): string {
  return text.replace(/\{\{\s*(contact|agent)\.name\s*\}\}/g, (whole, who: "contact" | "agent") => names[who] ?? whole);
}

/** Enter sends, Shift+Enter is a new line; a send that never reached the server gives the text back. */
export function Composer({ onSend, onNote, disabledReason, notReady = null, draftKey, channel }: Props) {
  const [noteMode, setNoteMode] = useState(false);
  const { t, locale } = useI18n();
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
  // Files chosen for the reply (not yet uploaded: that happens on Send), kept per conversation like the text.
  const [files, setFilesState] = useState<File[]>(() => fileDrafts.get(draftKey) ?? []);
  const setFiles = (next: File[] | ((current: File[]) => File[])) =>
    setFilesState((current) => {
      const value = typeof next === "function" ? next(current) : next;
      if (value.length) fileDrafts.set(draftKey, value);
      else fileDrafts.delete(draftKey);
      return value;
    });
  // Who the note @mentions: id → the name inserted (dropped at send when the name is no longer in the text).
  const [mentions, setMentionsState] = useState<Record<string, string>>(() => mentionDrafts.get(draftKey) ?? {});
  const setMentions = (next: Record<string, string>) => {
    if (Object.keys(next).length) mentionDrafts.set(draftKey, next);
    else mentionDrafts.delete(draftKey);
    setMentionsState(next);
  };
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const noteId = useId();
  const hintId = useId();
  const windowId = useId();
  const listId = `${useId().replace(/:/g, "")}-suggestions`;
  const conversation = useOpenConversation();
  // The autocomplete: which `/` or `@` word the caret ends, the active option, and one the agent closed with Escape.
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const caretAfter = useRef<number | null>(null);
  // Read by every member; refetched when the list opens and when the tab regains focus, so an admin's change elsewhere shows.
  const canned = useQuery({ queryKey: ["canned-replies"], queryFn: api.cannedReplies, staleTime: 10_000, refetchOnWindowFocus: "always" });
  const members = useQuery({ queryKey: ["members"], queryFn: api.members, staleTime: 5 * 60_000, enabled: noteMode });
  const me = useQuery({ queryKey: ["me"], queryFn: api.me, staleTime: Infinity });
  const open = trigger !== null && dismissed !== trigger.start && !(trigger.kind === "mention" && !noteMode);
  const { refetch: refetchCanned } = canned;
  const openKind = open ? trigger.kind : null;
  useEffect(() => {
    if (openKind === "canned") void refetchCanned();
  }, [openKind, refetchCanned]);
  const suggestions = useMemo<(Suggestion & { insert: string; userId?: string })[]>(() => {
    if (!open) return [];
    if (trigger.kind === "canned") {
      return cannedMatches(canned.data ?? [], trigger.query).map((c) => ({ id: c.id, label: `/${c.shortcut}`, detail: c.text.length > 90 ? `${c.text.slice(0, 89)}…` : c.text, insert: c.text }));
    }
    return memberMatches(members.data ?? [], trigger.query).map((m) => ({ id: m.id, label: m.name, detail: t(m.role === "admin" ? "role.admin" : "role.agent"), insert: `@${m.name} `, userId: m.id }));
  }, [open, trigger, canned.data, members.data, t]);
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1));

  // Shortcuts R and N (components/inbox/inbox-app.tsx): focus the box in reply or note mode.
  useEffect(() => {
    const onRequest = (e: Event) => {
      const { mode } = (e as CustomEvent<ComposerRequest>).detail;
      setNoteMode(mode === "note");
      requestAnimationFrame(() => box.current?.focus());
    };
    window.addEventListener(COMPOSER_EVENT, onRequest);
    return () => window.removeEventListener(COMPOSER_EVENT, onRequest);
  }, []);

  // After an insertion, the caret goes to the end of what was inserted.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && caretAfter.current !== null) {
      el.setSelectionRange(caretAfter.current, caretAfter.current);
      caretAfter.current = null;
    }
  }, [text]);

  function follow(value: string, caret: number | null) {
    const next = caret === null ? null : findTrigger(value, caret, noteMode);
    if (!next) setDismissed(null);
    setTrigger((prev) => {
      if (!next || prev?.start !== next.start || prev.kind !== next.kind) setActive(0);
      return next;
    });
  }

  function pick(index: number) {
    const s = suggestions[index];
    if (!s || !trigger) return;
    const insert = trigger.kind === "canned" ? fillPlaceholders(s.insert, { contact: conversation?.contact.name ?? null, agent: me.data?.user.name ?? null }) : s.insert;
    const value = text.slice(0, trigger.start) + insert + text.slice(trigger.end);
    caretAfter.current = trigger.start + insert.length;
    setText(value);
    if (s.userId) setMentions({ ...mentions, [s.userId]: s.label });
    setTrigger(null);
    signal.typing();
  }

  /** Arrows move through the open list, Enter or Tab inserts, Escape closes it; true when the key was the list's. */
  function listKey(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    if (e.key === "Escape") {
      setDismissed(trigger.start);
      return true;
    }
    if (!suggestions.length) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const n = suggestions.length;
      setActive((activeIndex + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
      return true;
    }
    if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
      pick(activeIndex);
      return true;
    }
    return false;
  }
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
      else refused.push(fileProblemText(t, meta.id, meta.label, check.problem));
    }
    const next = [...files, ...accepted];
    if (next.length > policy.maxFiles) refused.push(t("composer.maxFiles", { channel: meta.label, n: policy.maxFiles }));
    setFiles(next.slice(0, policy.maxFiles));
    setError(refused.length ? t("composer.notAttached", { reasons: refused.join(" ") }) : null);
  }

  async function submit() {
    const value = text.trim();
    const chosen = noteMode ? [] : files;
    if ((!value && !chosen.length) || reason || busy) return;
    // The draft stays in the box, and says why, until there is a thread to send it in.
    if (notReady) {
      setError(notReady);
      return;
    }
    setError(null);
    let uploaded: FileDto[] = [];
    if (chosen.length) {
      setBusy(true);
      try {
        uploaded = await Promise.all(chosen.map((f) => api.upload(f)));
      } catch (err) {
        setBusy(false);
        setError(t("composer.uploadFailed", { reason: errorText(locale, err, t("composer.networkError")) }));
        return;
      }
      setBusy(false);
      setFiles([]);
    }
    const mentioned = noteMode ? Object.entries(mentions).filter(([, name]) => value.includes(`@${name}`)).map(([id]) => id).slice(0, 20) : [];
    const keptMentions = mentions;
    setText("");
    if (noteMode) setMentions({});
    setTrigger(null);
    signal.stopped();
    const outcome = await (noteMode ? onNote(value, mentioned) : onSend(value, uploaded));
    if (outcome === "rolled-back" || outcome === "outside-window" || outcome === "not-loaded" || typeof outcome === "object") {
      setText((current) => current || value);
      if (noteMode) setMentions(keptMentions);
      // The uploads are kept by the server; choosing the files again uploads new copies.
      if (chosen.length) setFiles((current) => (current.length ? current : chosen));
      setError(
        typeof outcome === "object"
          ? t("composer.refused", { reason: outcome.refused.replace(/\.\s*$/, "") })
          : outcome === "outside-window"
          ? t("composer.outsideWindow")
          : outcome === "not-loaded"
            ? t("composer.notLoaded")
            : t("composer.rolledBack"),
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
        <button type="button" className={`mode-toggle${noteMode ? " is-on" : ""}`} aria-pressed={noteMode} onClick={() => setNoteMode((on) => !on)} title={t("composer.noteHint")}>
          <LockIcon size={13} />
          {t("composer.noteToggle")}
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
        <ul className="composer-files" aria-label={t("composer.attachments")}>
          {files.map((f, i) => (
            <li key={`${f.name}-${f.size}-${i}`} className="composer-file">
              <PaperclipIcon size={13} />
              <span className="composer-file-name">{f.name}</span>
              <span className="composer-file-size">{fileSize(f.size)}</span>
              <button type="button" className="composer-file-remove" aria-label={t("composer.removeFile", { name: f.name })} onClick={() => setFiles((current) => current.filter((_, j) => j !== i))}>
                <XIcon size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <SuggestionList
          id={listId}
          label={t(trigger.kind === "canned" ? "composer.canned" : "composer.mention")}
          items={suggestions}
          active={activeIndex}
          onPick={pick}
          onHover={setActive}
          empty={trigger.kind === "canned" ? (canned.isPending ? t("composer.cannedLoading") : t("composer.noCanned", { q: trigger.query })) : t("composer.noMention", { q: trigger.query })}
        />
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
          aria-label={t("composer.attach")}
          title={noteMode ? t("composer.noFilesInNotes") : t("composer.attachHint", { accepts: t(`attach.accepts.${meta.id}` as MessageKey) })}
          disabled={!attaching || busy}
          onClick={() => picker.current?.click()}
        >
          <PaperclipIcon size={16} />
        </button>
        <label htmlFor="composer" className="visually-hidden">
          {t("composer.message")}
        </label>
        <textarea
          ref={box}
          id="composer"
          rows={1}
          value={text}
          disabled={!!reason}
          aria-describedby={reason ? noteId : replyWindow && !noteMode ? `${windowId} ${hintId}` : hintId}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open && suggestions.length ? optionId(listId, activeIndex) : undefined}
          placeholder={t(noteMode ? "composer.notePlaceholder" : reason ? (windowClosed && !disabledReason ? "composer.windowClosed" : "composer.paused") : "composer.placeholder")}
          onChange={(e) => {
            setText(e.target.value);
            follow(e.target.value, e.target.selectionStart);
            if (e.target.value) signal.typing();
            else signal.stopped();
          }}
          onSelect={(e) => follow(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={() => setTrigger(null)}
          onKeyDown={(e) => {
            if (listKey(e)) {
              e.preventDefault();
              e.stopPropagation();
              return;
            }
            if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <button type="submit" className="send-button" disabled={!!reason || busy || (!text.trim() && (noteMode || !files.length))}>
          <SendIcon size={15} />
          {t(noteMode ? "composer.addNote" : busy ? "composer.uploading" : "composer.send")}
        </button>
      </div>
      {!reason && (
        <p className="composer-hint" id={hintId}>
          {rich(t("composer.hint"), { enter: <kbd>Enter</kbd>, shift: <kbd>Shift</kbd>, slash: <kbd>/</kbd> })}
          {noteMode ? rich(t("composer.hintMention"), { at: <kbd>@</kbd> }) : null}
          {attaching ? t("composer.hintDrop") : ""}
        </p>
      )}
    </form>
  );
}

/** Why a file cannot go, in the agent's language (the server says the same in English: lib/shared/outbound-attachments.ts). */
function fileProblemText(t: (key: MessageKey, vars?: Record<string, string | number>) => string, channel: Channel, label: string, p: OutboundFileProblem): string {
  if (p.kind === "type") return t("composer.fileType", { name: p.name, channel: label, accepts: t(`attach.accepts.${channel}` as MessageKey) });
  return t("composer.fileSize", { name: p.name, channel: label, kind: t(`attach.kind.${channel}.${p.as}` as MessageKey), max: megabytes(p.maxBytes), size: megabytes(p.size) });
}
