"use client";

import { createContext, useContext } from "react";
import { useNow } from "@/hooks/use-now";
import { channelMeta } from "@/lib/channels/metadata";
import { replyWindowAt, type ReplyWindow } from "@/lib/shared/reply-window";
import type { ConversationDto } from "@/lib/shared/dto";
import { useI18n } from "@/components/i18n";
import type { Locale } from "@/lib/shared/i18n/locales";
import { translate } from "@/lib/shared/i18n/translate";

/**
 * The open conversation, for the composer's window banner. Provided by ConversationView around
 * the thread, so the composer needs no new props from the thread that renders it.
 */
const OpenConversation = createContext<ConversationDto | null>(null);
export const ReplyWindowProvider = OpenConversation.Provider;

/** The conversation the composer writes in (its contact's name fills {{contact.name}}). */
export const useOpenConversation = () => useContext(OpenConversation);

export type ReplyWindowView = {
  window: ReplyWindow;
  /** One short line: "Reply window closes in 3 h", "Human-agent reply: 5 days left", "Reply window closed". */
  headline: string;
  /** What it means for the agent, in a sentence. */
  detail: string;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const span = (ms: number, l: Locale) => (ms % DAY === 0 && ms >= 48 * HOUR ? translate(l, "window.days", { n: ms / DAY }) : translate(l, "window.hours", { n: Math.round(ms / HOUR) }));

/** "40 min", "5 h", "6 days" (as lib/shared/reply-window.ts timeLeft), in the UI's language. */
function timeLeft(ms: number, l: Locale): string {
  if (ms < HOUR) return translate(l, "window.min", { n: Math.max(1, Math.floor(ms / 60_000)) });
  if (ms < 2 * DAY) return translate(l, "window.h", { n: Math.floor(ms / HOUR) });
  return translate(l, "window.days", { n: Math.floor(ms / DAY) });
}

/** How the open conversation can still be answered, recomputed as time passes (useNow ticks every 30 s). */
export function useReplyWindow(): ReplyWindowView | null {
  const conversation = useContext(OpenConversation);
  // useNow re-renders every 30 s; a message that arrived since the last tick must not read as in the future.
  const now = Math.max(useNow(), Date.now());
  const { locale } = useI18n();
  if (!conversation) return null;
  return describeReplyWindow(conversation, now, locale);
}

export function describeReplyWindow(c: Pick<ConversationDto, "channel" | "lastInboundAt">, now: number, l: Locale = "en"): ReplyWindowView {
  const meta = channelMeta[c.channel];
  const policy = meta.replyWindow;
  const window = replyWindowAt(policy, c.lastInboundAt, now);
  const tagged = policy.humanAgentMs > policy.standardMs;
  if (window.state === "open") {
    const left = timeLeft(window.closesAt.getTime() - now, l);
    const vars = { channel: meta.label, standard: span(policy.standardMs, l), human: span(policy.humanAgentMs, l) };
    return {
      window,
      headline: translate(l, "window.closesIn", { left }),
      detail: translate(l, tagged ? "window.allowsTagged" : "window.allows", vars),
    };
  }
  if (window.state === "human_agent") {
    return {
      window,
      headline: translate(l, "window.humanLeft", { left: timeLeft(window.closesAt.getTime() - now, l) }),
      detail: translate(l, "window.humanDetail", { channel: meta.label, standard: span(policy.standardMs, l) }),
    };
  }
  return {
    window,
    headline: translate(l, "window.closed"),
    detail: window.closedAt
      ? translate(l, "window.closedDetail", { channel: meta.label, human: span(policy.humanAgentMs, l) })
      : translate(l, "window.closedNever", { channel: meta.label }),
  };
}
