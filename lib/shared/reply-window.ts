// Client-safe: how long a conversation can still be answered, and how. One function for the
// composer (live, as time passes) and for lib/inbox/send-reply.ts (the decision), so the two never disagree.

/** A channel's messaging window, measured from the customer's last message (lib/channels/<id>/window.ts). */
export type ReplyWindowPolicy = {
  /** Ordinary replies are allowed for this long. */
  standardMs: number;
  /**
   * Until this long after the customer's last message, a reply marked as a human agent's is still
   * allowed (Messenger's HUMAN_AGENT tag); equal to standardMs when the channel has no such extension.
   */
  humanAgentMs: number;
};

export type ReplyWindow =
  /** An ordinary reply is allowed until closesAt. */
  | { state: "open"; closesAt: Date }
  /** Only a human agent's reply, sent tagged, is allowed until closesAt. */
  | { state: "human_agent"; closesAt: Date }
  /** Nothing can be sent: the window closed at closedAt, or the customer never wrote (null). */
  | { state: "closed"; closedAt: Date | null };

export function replyWindowAt(policy: ReplyWindowPolicy, lastInboundAt: Date | string | null | undefined, now: Date | number = Date.now()): ReplyWindow {
  if (lastInboundAt == null) return { state: "closed", closedAt: null };
  const last = new Date(lastInboundAt).getTime();
  const t = typeof now === "number" ? now : now.getTime();
  if (Number.isNaN(last)) return { state: "closed", closedAt: null };
  const standardEnd = last + policy.standardMs;
  const humanEnd = last + Math.max(policy.humanAgentMs, policy.standardMs);
  if (t < standardEnd) return { state: "open", closesAt: new Date(standardEnd) };
  if (t < humanEnd) return { state: "human_agent", closesAt: new Date(humanEnd) };
  return { state: "closed", closedAt: new Date(humanEnd) };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "45 min", "3 h", "5 days": the time left, rounded down so the banner never promises too much. */
export function timeLeft(ms: number): string {
  if (ms < HOUR) {
    const m = Math.max(1, Math.floor(ms / 60_000));
    return `${m} min`;
  }
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)} h`;
  const d = Math.floor(ms / DAY);
  return `${d} days`;
}
