"use client";

import { Fragment, memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { infiniteQueryOptions, useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { api, ApiError, type MessagePage } from "@/lib/client/api";
import { applyMessage, keys, OPTIMISTIC_PREFIX, removeMessage } from "@/lib/client/cache";
import { clockTime, dayLabel, fullTime } from "@/components/inbox/format";
import { Composer, type SendOutcome } from "@/components/inbox/composer";
import { AlertIcon, ArrowDownIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from "@/components/inbox/icons";
import { useNow } from "@/hooks/use-now";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import { httpUrlOrNull } from "@/lib/shared/safe-url";
import { appFileUrlOrNull, thumbUrl, type FileDto } from "@/lib/shared/file-dto";
import { mapLink } from "@/lib/shared/map-link";
import { NoteText } from "@/components/inbox/note-text";
import { errorText, useI18n } from "@/components/i18n";
import { systemLineText } from "@/components/inbox/system-line";
import { failureText, SAID_HERE } from "@/components/inbox/failure-text";
import type { MessageKey } from "@/lib/shared/i18n/translate";

/** Closer to the bottom than this counts as "at the bottom": new messages keep it there. */
const STICK_PX = 48;
/** Older messages load when the reader comes this close to the top. */
const LOAD_OLDER_PX = 400;
/** Messages this close in time, same side, read as one group. */
const GROUP_MS = 5 * 60_000;

/**
 * The open conversation: its messages (newest at the bottom, older ones loaded on
 * scroll-up without moving what the agent reads) and the composer. Mount it with
 * key={conversation.id} so each conversation starts at its bottom.
 */
export function Thread({ conversation }: { conversation: ConversationDto }) {
  const qc = useQueryClient();
  const key = keys.messages(conversation.id);
  const options = messagesQuery(conversation.id);
  const query = useInfiniteQuery(options);
  const messages = useMemo(() => (query.data?.pages.flatMap((p) => p.messages) ?? []).slice().reverse(), [query.data]);
  // Replies name the earlier message by our id (or, before we held it, by the platform's).
  const byId = useMemo(() => {
    const map = new Map<string, MessageDto>();
    for (const m of messages) {
      map.set(m.id, m);
      if (m.externalId) map.set(`x:${m.externalId}`, m);
    }
    return map;
  }, [messages]);
  const now = useNow();
  const { t, locale } = useI18n();
  // Who wrote each reply and note: the account's members, fetched once (shared with the assignee picker).
  const members = useQuery({ queryKey: ["members"], queryFn: api.members, staleTime: 5 * 60_000 });
  const names = useMemo(() => new Map((members.data ?? []).map((m) => [m.id, m.name])), [members.data]);

  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const seen = useRef<{ first?: string; last?: string; height: number; top: number }>({ height: 0, top: 0 });
  const [unseen, setUnseen] = useState(0);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  const toBottom = () => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    seen.current.top = el.scrollTop;
    seen.current.height = el.scrollHeight;
  };

  // Before paint: follow new messages when at the bottom; hold still when older ones arrive above.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = messages[0]?.id;
    const last = messages[messages.length - 1]?.id;
    const prev = seen.current;
    if (prev.last === undefined) {
      el.scrollTop = el.scrollHeight;
    } else if (first !== prev.first && last === prev.last) {
      el.scrollTop = prev.top + (el.scrollHeight - prev.height);
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    } else if (last !== prev.last && !prev.last.startsWith(OPTIMISTIC_PREFIX)) {
      const at = messages.findIndex((m) => m.id === prev.last);
      const added = at >= 0 ? messages.length - 1 - at : 1;
      if (added > 0) setUnseen((n) => n + added);
    }
    seen.current = { first, last, height: el.scrollHeight, top: el.scrollTop };
  }, [messages]);

  // Pictures loading, the composer growing, the window resizing: stay at the bottom if there.
  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner) return;
    const ro = new ResizeObserver(() => {
      if (stick.current) toBottom();
      else seen.current.height = el.scrollHeight;
    });
    ro.observe(el);
    ro.observe(inner);
    return () => ro.disconnect();
  }, []);

  // A short thread with more history: keep loading until the pane is filled.
  useEffect(() => {
    const el = scroller.current;
    if (el && hasNextPage && !isFetchingNextPage && el.scrollHeight <= el.clientHeight + LOAD_OLDER_PX) void fetchNextPage();
  }, [messages, hasNextPage, isFetchingNextPage, fetchNextPage]);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    if (stick.current && unseen) setUnseen(0);
    seen.current.top = el.scrollTop;
    seen.current.height = el.scrollHeight;
    if (el.scrollTop < LOAD_OLDER_PX && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }

  function jumpToLatest() {
    stick.current = true;
    toBottom();
    setUnseen(0);
  }

  const put = (m: MessageDto) => qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => applyMessage(d, m));

  const retry = useCallback(
    async (m: MessageDto) => {
      const k = keys.messages(m.conversationId);
      const set = (x: MessageDto) => qc.setQueryData<InfiniteData<MessagePage>>(k, (d) => applyMessage(d, x));
      set({ ...m, status: "pending", error: null, errorCode: null });
      try {
        set((await api.retry(m.conversationId, m.id)).message);
      } catch (err) {
        // The live update normally brings the refusal first; without it, show ours.
        if (findMessage(qc.getQueryData<InfiniteData<MessagePage>>(k), m.id)?.status === "pending") {
          // Said here already, in the agent's language (failureText shows it as it is).
          set({ ...m, status: "failed", error: errorText(locale, err, t("composer.networkError")), errorCode: SAID_HERE });
        }
      }
    },
    [qc, locale, t],
  );

  /** A 4xx is the server's answer (said in the agent's language); anything else means it was not reached. */
  const refusedOrRolledBack = (err: unknown): SendOutcome =>
    err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 ? { refused: errorText(locale, err, t("composer.rolledBack")) } : "rolled-back";

  async function send(text: string, files: FileDto[] = []): Promise<SendOutcome> {
    const temp: MessageDto = {
      id: `${OPTIMISTIC_PREFIX}${crypto.randomUUID()}`,
      conversationId: conversation.id,
      integrationId: conversation.integrationId,
      direction: "outbound",
      text,
      status: "pending",
      externalId: null,
      error: null,
      errorCode: null,
      attachments: files.map((f) => ({ type: f.kind, url: f.url, name: f.name, state: "stored" as const, kind: f.kind })),
      createdAt: new Date().toISOString(),
      seq: 0,
    };
    stick.current = true;
    // Sent before the thread finished loading: wait for it, so the message has a place to show.
    if (!qc.getQueryData(key)) {
      await qc.ensureInfiniteQueryData(options).catch(() => undefined);
      // Still no thread (it failed to load): nothing was sent, and the text goes back to the box (bug 2).
      if (!qc.getQueryData(key)) return "not-loaded";
    }
    put(temp);
    try {
      const { message, messages = [message] } = await api.send(conversation.channel, conversation.id, text, files.map((f) => f.id));
      qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => messages.reduce(applyMessage, removeMessage(d, temp.id)));
      return "sent";
    } catch (err) {
      // A 409 outside_window without a message id: refused before anything was stored, the text goes back.
      // With one, the platform refused it and the server kept it failed, like any platform refusal.
      const kept = err instanceof ApiError && typeof err.details.messageId === "string";
      if (err instanceof ApiError && err.code === "outside_window" && !kept) {
        qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => removeMessage(d, temp.id));
        return "outside-window";
      }
      const refused = err instanceof ApiError && (err.code === "platform_error" || (err.code === "outside_window" && kept));
      // The live update replaces our copy with the server's as soon as it stored the message.
      const stored = !findMessage(qc.getQueryData<InfiniteData<MessagePage>>(key), temp.id);
      qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => removeMessage(d, temp.id));
      if (refused || stored) {
        // The server kept it (failed, with Retry): fetch it if the live update has not brought it.
        if (!stored) void qc.invalidateQueries({ queryKey: key });
        return "kept";
      }
      return refusedOrRolledBack(err);
    }
  }

  async function note(text: string, mentions: string[] = []): Promise<SendOutcome> {
    const temp: MessageDto = {
      id: `${OPTIMISTIC_PREFIX}${Date.now()}`,
      conversationId: conversation.id,
      integrationId: conversation.integrationId,
      direction: "outbound",
      kind: "note",
      text,
      status: "pending",
      externalId: null,
      error: null,
      errorCode: null,
      attachments: [],
      createdAt: new Date().toISOString(),
      seq: 0,
    };
    stick.current = true;
    put(temp);
    try {
      const { message } = await api.addNote(conversation.id, text, mentions);
      qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => applyMessage(removeMessage(d, temp.id), message));
      return "sent";
    } catch (err) {
      qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => removeMessage(d, temp.id));
      return refusedOrRolledBack(err);
    }
  }

  const disabledReason = conversation.needsReauth
    ? t("thread.paused", { inbox: conversation.integrationName, noun: t(`channel.${conversation.channel}.noun`) })
    : null;

  const today = new Date(now);
  return (
    <>
      <div className="thread-body">
        <section aria-label={t("thread.messages")} className="messages" ref={scroller} onScroll={onScroll}>
          <div ref={content} className="messages-content">
            <p className="thread-top" aria-live="polite">
              {isFetchingNextPage
                ? t("thread.loadingOlder")
                : query.isSuccess && !hasNextPage
                  ? t("thread.start")
                  : ""}
            </p>
            {query.isPending && <p className="thread-loading">{t("thread.loading")}</p>}
            {query.isError && !query.data && (
              <p className="thread-loading">
                {t("thread.loadFailed")}{" "}
                <button type="button" className="link-button" onClick={() => void query.refetch()}>
                  {t("thread.tryAgain")}
                </button>
              </p>
            )}
            {messages.map((m, i) => {
              const prev = messages[i - 1];
              const day = dayLabel(m.createdAt, today, locale);
              const newDay = !prev || dayLabel(prev.createdAt, today, locale) !== day;
              const grouped =
                !newDay &&
                !!prev &&
                prev.direction === m.direction &&
                new Date(m.createdAt).getTime() - new Date(prev.createdAt).getTime() < GROUP_MS;
              return (
                <Fragment key={m.id}>
                  {newDay && (
                    <div className="day-separator">
                      <span>{day}</span>
                    </div>
                  )}
                  {m.kind === "system" ? (
                    <SystemLine message={m} />
                  ) : (
                    <MessageBubble
                      message={m}
                      grouped={grouped}
                      repliedTo={replyTarget(byId, m)}
                      sender={m.senderUserId ? (names.get(m.senderUserId) ?? null) : null}
                      onRetry={conversation.needsReauth ? null : retry}
                    />
                  )}
                </Fragment>
              );
            })}
          </div>
        </section>
        {unseen > 0 && (
          <button type="button" className="new-pill" onClick={jumpToLatest}>
            <ArrowDownIcon size={14} />
            {unseen > 1 ? t("thread.newMessagesN", { n: unseen }) : t("thread.newMessages")}
          </button>
        )}
      </div>
      <Composer
        onSend={send}
        onNote={note}
        disabledReason={disabledReason}
        notReady={query.isError && !query.data ? t("thread.notReady") : null}
        draftKey={conversation.id}
        channel={conversation.channel}
      />
    </>
  );
}

const messagesQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: keys.messages(id),
    queryFn: ({ pageParam }) => api.messages(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last: MessagePage) => last.nextCursor,
  });

function findMessage(d: InfiniteData<MessagePage> | undefined, id: string): MessageDto | undefined {
  for (const p of d?.pages ?? []) {
    const hit = p.messages.find((m) => m.id === id);
    if (hit) return hit;
  }
  return undefined;
}

const delivery: Record<MessageDto["status"], { label: MessageKey; Icon: typeof CheckIcon } | null> = {
  received: null,
  pending: { label: "delivery.pending", Icon: ClockIcon },
  sent: { label: "delivery.sent", Icon: CheckIcon },
  delivered: { label: "delivery.delivered", Icon: DoubleCheckIcon },
  read: { label: "delivery.read", Icon: DoubleCheckIcon },
  failed: { label: "delivery.failed", Icon: AlertIcon },
};

/** What a reply quotes: the earlier message's id (for the link) and a short line of it, when loaded. */
type ReplyTarget = { id: string | null; snippet: string | null; attachment?: boolean };

function replyTarget(byId: Map<string, MessageDto>, m: MessageDto): ReplyTarget | null {
  if (!m.replyTo) return null;
  const target = (m.replyTo.id ? byId.get(m.replyTo.id) : undefined) ?? byId.get(`x:${m.replyTo.externalId}`);
  if (!target) return { id: m.replyTo.id, snippet: null };
  const line = target.text.replace(/\s+/g, " ").trim();
  // Only an attachment: the bubble names it in the agent's language.
  if (!line) return { id: target.id, snippet: "", attachment: !!target.attachments[0] };
  return { id: target.id, snippet: line.length > 80 ? `${line.slice(0, 79)}…` : line };
}

/** A line about the conversation (a referral, an opt-in, shared details): centred, not a bubble. */
function SystemLine({ message: m }: { message: MessageDto }) {
  const { t, locale } = useI18n();
  return (
    <div id={`message-${m.id}`} className="system-line" role="note" aria-label={t("thread.event")}>
      <span>{systemLineText(m.text, locale)}</span>{" "}
      <time dateTime={m.createdAt} title={fullTime(m.createdAt, locale)}>
        {clockTime(m.createdAt, locale)}
      </time>
    </div>
  );
}

const sideLabel = { customer: "thread.byCustomer", business: "thread.byPage" } as const;

type BubbleProps = {
  message: MessageDto;
  grouped: boolean;
  repliedTo: ReplyTarget | null;
  /** The agent who wrote it (outbound messages and notes), when known. */
  sender: string | null;
  onRetry: ((m: MessageDto) => Promise<void>) | null;
};

const MessageBubble = memo(function MessageBubble({ message: m, grouped, repliedTo, sender, onRetry }: BubbleProps) {
  const { t, locale } = useI18n();
  const isNote = m.kind === "note";
  // A note is never on the platform: it has no delivery state.
  const state = m.direction === "outbound" && !isNote ? delivery[m.status] : null;
  // Media is loaded from the app only (/api/files/<id>, once Inbox keeps a copy): a platform or
  // hostile URL is never fetched by the browser. Links and locations become links (http(s) only,
  // checked again here: rows stored before the server checked them may hold javascript: URLs),
  // followed only when the agent clicks; a location's link is built from its coordinates.
  const attachments = m.attachments.map((a) => ({
    ...a,
    url: a.state
      ? appFileUrlOrNull(a.url)
      : a.type === "location" && a.coordinates
        ? mapLink(a.coordinates.latitude, a.coordinates.longitude)
        : httpUrlOrNull(a.url),
  }));
  const reactions = m.reactions ?? [];
  const images = attachments.filter((a) => (a.type === "image" || a.type === "sticker") && a.state === "stored" && a.url && (a.kind ?? "image") === "image");
  const others = attachments.filter((a) => !images.includes(a));
  return (
    <article
      id={`message-${m.id}`}
      className={`bubble-row ${m.direction}${isNote ? " note" : ""}${grouped ? " grouped" : ""}`}
      aria-label={t(isNote ? "thread.note" : m.direction === "inbound" ? "thread.customerMessage" : "thread.agentMessage")}
    >
      {isNote && <p className="note-label">{sender ? t("thread.noteBy", { name: sender }) : t("thread.note")}</p>}
      <div className={`bubble ${m.direction}${isNote ? " note" : ""} status-${m.status}${images.length && !m.text && !others.length ? " media-only" : ""}`}>
        {repliedTo &&
          (repliedTo.id ? (
            <a className="reply-quote" href={`#message-${repliedTo.id}`} aria-label={t("thread.replyingAria")}>
              ↩ {repliedTo.attachment ? t("thread.attachment") : (repliedTo.snippet ?? t("thread.earlier"))}
            </a>
          ) : (
            <span className="reply-quote">{t("thread.replyingTo")}</span>
          ))}
        {images.map((a, i) => (
          // The thread loads the thumbnail (the original while there is none, shown size-capped); the link opens the original.
          <a key={`i${i}`} href={a.url!} target="_blank" rel="noreferrer noopener" className="attachment-image-link" title={t("thread.fullImage")}>
            <img src={thumbUrl(a.url!)} alt={a.name ?? t(a.type === "sticker" ? "thread.sticker" : "thread.image")} className="attachment-image" loading="lazy" />
          </a>
        ))}
        {others.map((a, i) =>
          a.state === "pending" ? (
            <span key={`o${i}`} className="attachment-placeholder pending" role="img" aria-label={t("thread.attachmentLoadingAria")}>
              {a.type === "image" || a.type === "sticker" ? "🖼" : "📎"} {t("thread.attachmentLoading")}
            </span>
          ) : a.state === "unavailable" || (a.state && !a.url) ? (
            <span key={`o${i}`} className="attachment-placeholder unavailable">
              {a.name ? `${a.name}: ` : ""}
              {t("thread.attachmentUnavailable")}
            </span>
          ) : a.state === "stored" && a.kind === "video" ? (
            <video key={`o${i}`} className="attachment-video" src={a.url!} controls preload="metadata" aria-label={a.name ?? t("thread.video")} />
          ) : a.state === "stored" && a.kind === "audio" ? (
            <audio key={`o${i}`} className="attachment-audio" src={a.url!} controls preload="metadata" aria-label={a.name ?? t("thread.audio")} />
          ) : a.url ? (
            <a key={`o${i}`} href={a.url} target="_blank" rel="noreferrer noopener" className="attachment-link">
              {a.type === "location" ? "📍 " : "📎 "}
              {a.type === "location" ? (a.name ?? t("thread.location")) : (a.name ?? a.url)}
            </a>
          ) : (
            <span key={`o${i}`} className="attachment-link">
              {a.type === "location" ? "📍 " : "📎 "}
              {a.name ?? a.type}
            </span>
          ),
        )}
        {m.text && (isNote ? <NoteText text={m.text} /> : <p className="text">{m.text}</p>)}
        <span className="meta">
          {sender && !isNote && m.direction === "outbound" && <span className="sender">{sender}</span>}
          <time dateTime={m.createdAt} title={fullTime(m.createdAt, locale)}>
            {clockTime(m.createdAt, locale)}
          </time>
          {m.editedAt && (
            <span className="edited" title={t("thread.editedAt", { time: fullTime(m.editedAt, locale) })}>
              {t("thread.edited")}
            </span>
          )}
          {state && (
            <span className={`delivery delivery-${m.status}`}>
              <state.Icon size={13} />
              {t(state.label)}
            </span>
          )}
        </span>
      </div>
      {reactions.length > 0 && (
        <ul className="reactions" aria-label={t("thread.reactions")}>
          {reactions.map((r) => (
            <li key={r.by} title={t("thread.reactedBy", { who: t(sideLabel[r.by]) })} aria-label={t("thread.reactionFrom", { emoji: r.emoji, who: t(sideLabel[r.by]) })}>
              {r.emoji}
            </li>
          ))}
        </ul>
      )}
      {m.status === "failed" && (
        <p className="failure">
          <AlertIcon size={14} />
          <span>{m.error ? t("thread.notSentBecause", { error: failureText(m, locale) }) : t("thread.notSent")}</span>
          {onRetry && (
            <button type="button" className="retry" onClick={() => void onRetry(m)}>
              {t("thread.retry")}
            </button>
          )}
        </p>
      )}
    </article>
  );
});

