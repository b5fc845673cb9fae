"use client";

import { createContext, useContext } from "react";
import { useNow } from "@/hooks/use-now";
import { channelMeta } from "@/lib/channels/metadata";
import { replyWindowAt, timeLeft, type ReplyWindow } from "@/lib/shared/reply-window";
import type { ConversationDto } from "@/lib/shared/dto";

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
const span = (ms: number) => (ms % (24 * HOUR) === 0 && ms >= 48 * HOUR ? `${ms / (24 * HOUR)} days` : `${Math.round(ms / HOUR)} hours`);

/** How the open conversation can still be answered, recomputed as time passes (useNow ticks every 30 s). */
export function useReplyWindow(): ReplyWindowView | null {
  const conversation = useContext(OpenConversation);
  // useNow re-renders every 30 s; a message that arrived since the last tick must not read as in the future.
  const now = Math.max(useNow(), Date.now());
  if (!conversation) return null;
  return describeReplyWindow(conversation, now);
}

export function describeReplyWindow(c: Pick<ConversationDto, "channel" | "lastInboundAt">, now: number): ReplyWindowView {
  const meta = channelMeta[c.channel];
  const policy = meta.replyWindow;
  const window = replyWindowAt(policy, c.lastInboundAt, now);
  const tagged = policy.humanAgentMs > policy.standardMs;
  if (window.state === "open") {
    const left = timeLeft(window.closesAt.getTime() - now);
    return {
      window,
      headline: `Reply window closes in ${left}`,
      detail: tagged
        ? `${meta.label} allows replies for ${span(policy.standardMs)} after the customer's last message, then only a person's reply until ${span(policy.humanAgentMs)}.`
        : `${meta.label} allows replies for ${span(policy.standardMs)} after the customer's last message.`,
    };
  }
  if (window.state === "human_agent") {
    return {
      window,
      headline: `Human-agent reply: ${timeLeft(window.closesAt.getTime() - now)} left`,
      detail: `More than ${span(policy.standardMs)} since the customer's last message: ${meta.label} accepts only a person's reply now, and yours is sent marked as one.`,
    };
  }
  return {
    window,
    headline: "Reply window closed",
    detail: window.closedAt
      ? `Replies are closed: ${meta.label} allows a reply only within ${span(policy.humanAgentMs)} of the customer's last message. You can answer again when the customer writes.`
      : `Replies are closed: ${meta.label} allows a reply only after the customer has written. You can answer when they do.`,
  };
}
