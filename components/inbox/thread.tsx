"use client";

import { Fragment, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { api, type MessagePage } from "@/components/inbox/api";
import { applyMessage, keys, OPTIMISTIC_PREFIX, removeMessage } from "@/components/inbox/cache";
import { clockTime, dayLabel } from "@/components/inbox/format";
import { Composer } from "@/components/inbox/composer";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";

const statusLabel: Record<MessageDto["status"], string> = {
  received: "",
  pending: "Sending…",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
};

export function Thread({ conversation }: { conversation: ConversationDto }) {
  const qc = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: keys.messages(conversation.id),
    queryFn: ({ pageParam }) => api.messages(conversation.id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const messages = (query.data?.pages.flatMap((p) => p.messages) ?? []).slice().reverse();
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const prevHeight = useRef(0);
  const lastId = useRef<string | undefined>(undefined);
  const [unseen, setUnseen] = useState(false);

  // Stay at the bottom as messages arrive, unless the agent scrolled up to read.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const newest = messages[messages.length - 1]?.id;
    if (pinned.current) el.scrollTop = el.scrollHeight;
    else if (newest !== lastId.current) {
      if (lastId.current !== undefined) setUnseen(true);
      // Older messages were prepended: keep the reading position steady.
      el.scrollTop += el.scrollHeight - prevHeight.current;
    }
    prevHeight.current = el.scrollHeight;
    lastId.current = newest;
  });

  useEffect(() => {
    pinned.current = true;
    setUnseen(false);
    lastId.current = undefined;
  }, [conversation.id]);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (pinned.current) setUnseen(false);
    prevHeight.current = el.scrollHeight;
    if (el.scrollTop < 80 && query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }

  function jumpToLatest() {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    pinned.current = true;
    setUnseen(false);
  }

  async function retry(m: MessageDto) {
    qc.setQueryData<InfiniteData<MessagePage>>(keys.messages(conversation.id), (d) =>
      applyMessage(d, { ...m, status: "pending", error: null }),
    );
    await api.retry(conversation.id, m.id).catch(() => undefined);
  }

  async function send(text: string): Promise<boolean> {
    const temp: MessageDto = {
      id: `${OPTIMISTIC_PREFIX}${crypto.randomUUID()}`,
      conversationId: conversation.id,
      direction: "outbound",
      text,
      status: "pending",
      externalId: null,
      error: null,
      errorCode: null,
      attachments: [],
      createdAt: new Date().toISOString(),
    };
    const key = keys.messages(conversation.id);
    pinned.current = true;
    qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => applyMessage(d, temp));
    try {
      const { message } = await api.send(conversation.channel, conversation.id, text);
      qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => applyMessage(removeMessage(d, temp.id), message));
      return true;
    } catch {
      // Roll back the optimistic copy; a refused message arrives from the server as failed, with Retry.
      qc.setQueryData<InfiniteData<MessagePage>>(key, (d) => removeMessage(d, temp.id));
      return false;
    }
  }

  return (
    <>
      <section aria-label="Messages" className="messages" ref={scroller} onScroll={onScroll}>
        {query.isFetchingNextPage && <p className="loading-older">Loading older messages…</p>}
        {!query.hasNextPage && query.isSuccess && <p className="thread-start">Start of the conversation</p>}
        {messages.map((m, i) => {
          const day = dayLabel(m.createdAt);
          const showDay = i === 0 || dayLabel(messages[i - 1]!.createdAt) !== day;
          return (
            <Fragment key={m.id}>
              {showDay && (
                <div className="day-separator" role="separator">
                  <span>{day}</span>
                </div>
              )}
              <MessageBubble message={m} onRetry={() => void retry(m)} />
            </Fragment>
          );
        })}
        {unseen && (
          <button type="button" className="new-pill" onClick={jumpToLatest}>
            New messages ↓
          </button>
        )}
      </section>
      <Composer
        key={conversation.id}
        onSend={send}
        disabledReason={
          conversation.needsReauth
            ? `${conversation.integrationName} needs to be reconnected before replies can be sent.`
            : null
        }
      />
    </>
  );
}

function MessageBubble({ message: m, onRetry }: { message: MessageDto; onRetry: () => void }) {
  return (
    <article className={`bubble-row ${m.direction}`} aria-label={`${m.direction === "inbound" ? "Customer" : "Agent"} message`}>
      <div className={`bubble ${m.direction} ${m.status}`}>
        {m.attachments.map((a, i) =>
          a.type === "image" || a.type === "sticker" ? (
            a.url ? (
              <img key={i} src={a.url} alt={a.name ?? "Image"} className="attachment-image" loading="lazy" />
            ) : null
          ) : (
            <a key={i} href={a.url ?? undefined} target="_blank" rel="noreferrer noopener" className="attachment-link">
              {a.type === "location" ? "📍 " : "📎 "}
              {a.name ?? a.url ?? a.type}
            </a>
          ),
        )}
        {m.text && <p className="text">{m.text}</p>}
        <span className="meta">
          <time dateTime={m.createdAt}>{clockTime(m.createdAt)}</time>
          {m.direction === "outbound" && <span className="delivery">{statusLabel[m.status]}</span>}
        </span>
      </div>
      {m.status === "failed" && (
        <p className="failure" role="status">
          Not sent{m.error ? `: ${m.error}` : ""}.{" "}
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </p>
      )}
    </article>
  );
}
