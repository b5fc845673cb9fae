import { ensureProcessState, type Bucket } from "@/lib/process-state";

/**
 * Token buckets in process memory: `capacity` requests at once, refilled at
 * `perSecond`. Per node: behind N nodes a source gets up to N times the rate.
 */
export function rateLimiter(name: string, opts: { capacity: number; perSecond: number }) {
  const all = ensureProcessState("rateLimits", () => new Map());
  const buckets = all.get(name) ?? new Map<string, Bucket>();
  all.set(name, buckets);
  return {
    /** True when `key` may proceed; spends one token. */
    take(key: string, now = Date.now()): boolean {
      if (opts.perSecond <= 0) return true; // disabled
      const b = buckets.get(key) ?? { tokens: opts.capacity, at: now };
      b.tokens = Math.min(opts.capacity, b.tokens + ((now - b.at) / 1000) * opts.perSecond);
      b.at = now;
      buckets.set(key, b);
      if (buckets.size > 50_000) prune(buckets, now, opts);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    /** True when `key` has a token left, without spending it. */
    peek(key: string, now = Date.now()): boolean {
      const b = buckets.get(key);
      return opts.perSecond <= 0 || !b || b.tokens + ((now - b.at) / 1000) * opts.perSecond >= 1;
    },
    /** Tokens left for `key` now (capacity when unseen). */
    tokens(key: string, now = Date.now()): number {
      const b = buckets.get(key);
      return b ? Math.min(opts.capacity, b.tokens + ((now - b.at) / 1000) * opts.perSecond) : opts.capacity;
    },
    reset: () => buckets.clear(),
  };
}

function prune(buckets: Map<string, Bucket>, now: number, opts: { capacity: number; perSecond: number }) {
  for (const [key, b] of buckets) if (b.tokens + ((now - b.at) / 1000) * opts.perSecond >= opts.capacity) buckets.delete(key);
}
