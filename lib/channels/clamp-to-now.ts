/** How far ahead of our clock a platform's clock may run before its timestamp is not believed. */
export const FUTURE_SKEW_MS = 60_000;

/**
 * A message's stored time: the platform's timestamp, unless it lies in the future
 * beyond a small skew — then the time we received it. Conversations are ordered by
 * their last message's time, so a year-2286 timestamp would otherwise pin one to
 * the top of the list for good (lastMessageAt only moves forward).
 */
export function clampToNow(at: Date, now = Date.now()): Date {
  return at.getTime() > now + FUTURE_SKEW_MS ? new Date(now) : at;
}
