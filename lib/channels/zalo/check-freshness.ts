export type Staleness = "too_old" | "in_future" | null;

/**
 * Whether a Zalo event's signed `timestamp` (ms) is within `windowMs` of now.
 * Zalo's mac has no nonce: without a window a captured body could be replayed
 * for ever, and a body signed in 2010 or 2286 would be stored as is.
 */
export function checkFreshness(timestampMs: number, windowMs: number, now = Date.now()): Staleness {
  if (!Number.isFinite(timestampMs) || timestampMs < now - windowMs) return "too_old";
  if (timestampMs > now + windowMs) return "in_future";
  return null;
}
