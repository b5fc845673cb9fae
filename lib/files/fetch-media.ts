import http from "node:http";
import https from "node:https";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { isBlockedAddress } from "@/lib/files/blocked-address";

export type MediaPolicy = {
  /** Host names allowed: exact, or "*.suffix" for a domain and its subdomains; ["*"] allows any public host. */
  hosts: string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** Tests and the demo's stand-in only: loopback addresses are reachable. */
  allowLoopback?: boolean;
};

export type MediaResult = { ok: true; bytes: Buffer; finalUrl: string } | { ok: false; reason: MediaRefusal; retryable: boolean; detail: string };
export type MediaRefusal = "bad_url" | "host_not_allowed" | "blocked_address" | "too_large" | "timeout" | "http_error" | "network" | "too_many_redirects";

export function hostAllowed(host: string, hosts: string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return hosts.some((rule) => {
    const r = rule.toLowerCase().trim();
    if (r === "*") return true;
    if (r.startsWith("*.")) return h === r.slice(2) || h.endsWith(r.slice(1));
    return h === r;
  });
}

class Refused extends Error {
  constructor(
    readonly reason: MediaRefusal,
    detail: string,
    readonly retryable = false,
  ) {
    super(detail);
  }
}

/**
 * Resolves like the OS does, then refuses blocked addresses. The socket connects to
 * the address checked here, so a name that resolves elsewhere a moment later (DNS
 * rebinding) cannot slip past.
 */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 4);
      const bad = addresses.find((a) => isBlockedAddress(a.address) && !(allowLoopback && isLoopback(a.address)));
      if (bad || !addresses.length) return callback(new Refused("blocked_address", `${hostname} resolves to a blocked address`), "", 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

const isLoopback = (a: string) => a === "::1" || a.startsWith("127.") || a.startsWith("::ffff:127.");

/**
 * Downloads a platform's media for Inbox to keep: http(s) only, allow-listed hosts,
 * every hop's address checked (redirects included, each followed by hand), a size
 * cap enforced while reading, one overall timeout. Never throws.
 */
export async function fetchMedia(url: string, policy: MediaPolicy): Promise<MediaResult> {
  const deadline = Date.now() + policy.timeoutMs;
  let current = url;
  try {
    for (let hop = 0; hop <= policy.maxRedirects; hop++) {
      const target = checkUrl(current, policy);
      const res = await get(target, policy, deadline);
      if (res.redirect) {
        current = new URL(res.redirect, target).toString();
        continue;
      }
      return { ok: true, bytes: res.bytes!, finalUrl: current };
    }
    throw new Refused("too_many_redirects", `more than ${policy.maxRedirects} redirects`);
  } catch (err) {
    if (err instanceof Refused) return { ok: false, reason: err.reason, retryable: err.retryable, detail: err.message };
    return { ok: false, reason: "network", retryable: true, detail: (err as Error).message };
  }
}

/**
 * What can be refused before any request (scheme, credentials, host off the list, a literal
 * blocked address): null when the URL is worth a download attempt. Lets a caller settle such
 * an attachment in the transaction that records it.
 */
export function refusalBeforeFetch(url: string, policy: MediaPolicy): MediaRefusal | null {
  try {
    checkUrl(url, policy);
    return null;
  } catch (err) {
    return err instanceof Refused ? err.reason : "bad_url";
  }
}

function checkUrl(raw: string, policy: MediaPolicy): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Refused("bad_url", "not a URL");
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Refused("bad_url", `${u.protocol} is not http(s)`);
  if (u.username || u.password) throw new Refused("bad_url", "credentials in the URL");
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (!hostAllowed(host, policy.hosts)) throw new Refused("host_not_allowed", `${host} is not an allowed media host`);
  // A literal address is never looked up, so it is judged here.
  if (isIP(host) && isBlockedAddress(host) && !(policy.allowLoopback && isLoopback(host))) throw new Refused("blocked_address", `${host} is a blocked address`);
  return u;
}

function get(u: URL, policy: MediaPolicy, deadline: number): Promise<{ redirect?: string; bytes?: Buffer }> {
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new Refused("timeout", "no answer in time", true));
    const client = u.protocol === "https:" ? https : http;
    // No pooled socket: every request resolves and checks its address afresh.
    const req = client.get(u, { agent: false, lookup: guardedLookup(!!policy.allowLoopback), headers: { accept: "*/*", "user-agent": "Inbox media fetcher" } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        return resolve({ redirect: res.headers.location });
      }
      if (status !== 200) {
        res.resume();
        return reject(new Refused("http_error", `HTTP ${status}`, status >= 500 || status === 429));
      }
      const declared = Number(res.headers["content-length"] ?? "0");
      if (declared > policy.maxBytes) {
        res.destroy();
        return reject(new Refused("too_large", `${declared} bytes declared, over ${policy.maxBytes}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > policy.maxBytes) {
          res.destroy();
          reject(new Refused("too_large", `over ${policy.maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => resolve({ bytes: Buffer.concat(chunks) }));
      res.on("error", (e) => reject(e));
    });
    // One budget for the whole download, a slow body included.
    const timer = setTimeout(() => req.destroy(new Refused("timeout", "no complete answer in time", true)), remaining);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (e) => reject(e instanceof Refused ? e : (e as { cause?: unknown }).cause instanceof Refused ? (e as { cause: Refused }).cause : e));
  });
}
