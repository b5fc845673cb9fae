import { isIP } from "node:net";

/**
 * The client address as the proxies you run in front saw it, from X-Forwarded-For.
 * Each proxy appends the address it received the request from, so everything left
 * of the last `trustedProxies` entries was written by the client and is ignored:
 * the right-most untrusted hop is the one the outermost proxy appended.
 * "" when the header cannot be trusted (no proxy, no header, a malformed hop):
 * the caller falls back to the socket's address.
 */
export function forwardedClientAddress(header: string | string[] | undefined, trustedProxies: number): string {
  if (trustedProxies <= 0 || header === undefined) return "";
  // Node joins repeated X-Forwarded-For headers with ", "; join an array the same way.
  const hops = (Array.isArray(header) ? header.join(",") : header)
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  // Fewer hops than proxies: the left-most one was still written by one of ours.
  const hop = hops[Math.max(0, hops.length - trustedProxies)] ?? "";
  return isIP(hop) ? hop : "";
}
