// The measuring client, identical for the floor and for Inbox: keep-alive HTTP for the
// signed webhooks, one Socket.IO client (websocket transport) for the agent's events.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { io as connect, type Socket } from "socket.io-client";
import { buildFacebookWebhook } from "../lib/channels/simulate-webhook";
import { percentile, mean, round } from "./util";

export const ACME_PAGE = "100000000000001";
// Inbox runs as production in the bench: a secret of a real length (≥ 16), not the demo one.
export const APP_SECRET = "bench-facebook-app-secret-0123";

/** Where a benchmark client talks to: TCP to 127.0.0.1, Host/Origin as APP_URL. */
export type Endpoint = { host: string; port: number; origin: string };

export type HttpResult = { status: number; body: string; setCookie: string[] };

const agent = new http.Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 128 });

export function request(
  ep: Endpoint,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { host: new URL(ep.origin).host, ...opts.headers };
    if (opts.body !== undefined) headers["content-length"] = Buffer.byteLength(opts.body);
    const req = http.request({ host: ep.host, port: ep.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const sc = res.headers["set-cookie"];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), setCookie: sc ?? [] });
      });
      res.on("error", reject);
    });
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export function closeHttpAgent(): void {
  agent.destroy();
}

/** next-auth credentials sign-in (csrf, then callback); returns a Cookie header with the session token. */
export async function signIn(ep: Endpoint, email: string, password = "demo-password"): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (setCookie: string[]) => {
    for (const c of setCookie) {
      const pair = c.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await request(ep, "GET", "/api/auth/csrf");
  keep(csrf.setCookie);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password, json: "true" }).toString();
  const res = await request(ep, "POST", "/api/auth/callback/credentials", {
    // Every state-changing request, sign-in included, must name an allowed Origin (CSRF).
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(), origin: ep.origin },
    body: form,
  });
  keep(res.setCookie);
  const token = jar.get("next-auth.session-token");
  if (!token) throw new Error(`sign-in as ${email} failed: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  return `next-auth.session-token=${token}`;
}

type NewMessage = { conversationId: string; message: { id: string; externalId: string | null; text: string } };

/** One agent socket; resolves `expect(mid)` promises with the arrival time of the matching new-message. */
export class Probe {
  readonly socket: Socket;
  private waiters = new Map<string, (t: number) => void>();
  unexpected = 0;
  received = 0;

  constructor(ep: Endpoint, opts: { cookie?: string; auth?: Record<string, string> }) {
    const headers: Record<string, string> = { origin: ep.origin };
    if (opts.cookie) headers.cookie = opts.cookie;
    this.socket = connect(`http://${ep.host}:${ep.port}`, {
      path: "/socket.io",
      transports: ["websocket"],
      extraHeaders: headers,
      ...(opts.auth ? { auth: opts.auth } : {}),
      reconnection: false,
      forceNew: true,
    });
    this.socket.on("new-message", (p: NewMessage) => {
      const t = performance.now();
      this.received++;
      const mid = p.message.externalId ?? p.message.id;
      const w = this.waiters.get(mid);
      if (w) {
        this.waiters.delete(mid);
        w(t);
      } else this.unexpected++;
    });
  }

  connected(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      const timer = setTimeout(() => reject(new Error("probe socket: connect timeout")), timeoutMs);
      this.socket.once("connect", () => (clearTimeout(timer), resolve()));
      this.socket.once("connect_error", (err) => (clearTimeout(timer), reject(new Error(`probe socket: ${err.message}`))));
    });
  }

  /** Arrival time (performance.now) of the new-message for `mid`, or null after `timeoutMs`. */
  expect(mid: string, timeoutMs: number): { arrival: Promise<number | null>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    let settle: (v: number | null) => void = () => undefined;
    const arrival = new Promise<number | null>((resolve) => {
      settle = resolve;
      timer = setTimeout(() => {
        this.waiters.delete(mid);
        resolve(null);
      }, timeoutMs);
      this.waiters.set(mid, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
    return {
      arrival,
      cancel: () => {
        clearTimeout(timer);
        this.waiters.delete(mid);
        settle(null);
      },
    };
  }

  close(): void {
    this.socket.disconnect();
  }
}

export type Webhooks = { runId: string; senders: string[] };

export function senderIds(runId: string, n: number): string[] {
  // Facebook PSIDs are digits; a per-run prefix keeps runs apart.
  const prefix = String(parseInt(runId.slice(0, 6), 36) % 1_000_000).padStart(6, "0");
  return Array.from({ length: n }, (_, i) => `71${prefix}${String(i).padStart(6, "0")}`);
}

async function deliver(ep: Endpoint, from: string, mid: string): Promise<number> {
  const signed = buildFacebookWebhook({ to: ACME_PAGE, from, text: `bench ${mid}`, mid }, APP_SECRET);
  const res = await request(ep, "POST", signed.path, {
    headers: { ...signed.headers, "content-type": "application/json" },
    body: signed.body,
  });
  return res.status;
}

export type LatencyResult = {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  httpP50: number;
  httpP99: number;
  errors: number;
  lost: number;
};

/** Sequential: one webhook at a time; latency = start of POST → matching new-message on the socket. */
export async function measureLatency(
  ep: Endpoint,
  probe: Probe,
  opts: { label: string; runId: string; warmup: number; count: number; senders: string[]; timeoutMs?: number },
): Promise<LatencyResult> {
  const samples: number[] = [];
  const httpSamples: number[] = [];
  let errors = 0;
  let lost = 0;
  for (let i = 0; i < opts.warmup + opts.count; i++) {
    const mid = `m_bench_${opts.runId}_${opts.label}_${i}`;
    const from = opts.senders[i % opts.senders.length]!;
    const wait = probe.expect(mid, opts.timeoutMs ?? 10_000);
    const t0 = performance.now();
    const status = await deliver(ep, from, mid).catch(() => 0);
    const tHttp = performance.now();
    if (status !== 200) {
      errors++;
      wait.cancel();
      continue;
    }
    const t = await wait.arrival;
    if (t === null) {
      lost++;
      continue;
    }
    if (i >= opts.warmup) {
      samples.push(t - t0);
      httpSamples.push(tHttp - t0);
    }
  }
  return {
    count: samples.length,
    p50: round(percentile(samples, 0.5), 2),
    p90: round(percentile(samples, 0.9), 2),
    p99: round(percentile(samples, 0.99), 2),
    max: round(Math.max(...samples), 2),
    mean: round(mean(samples), 2),
    httpP50: round(percentile(httpSamples, 0.5), 2),
    httpP99: round(percentile(httpSamples, 0.99), 2),
    errors,
    lost,
  };
}

export type ThroughputResult = {
  total: number;
  concurrency: number;
  acked: number;
  received: number;
  lost: number;
  errors: number;
  msgPerSec: number;
  seconds: number;
  latencyP50: number;
  latencyP99: number;
};

/**
 * `concurrency` workers each POST, await the 200, POST again; messages are counted when they arrive on the socket.
 * Several endpoints (nodes of one cluster): the webhooks go to them in turn.
 */
export async function measureThroughput(
  ep: Endpoint | Endpoint[],
  probe: Probe,
  opts: { label: string; runId: string; total: number; concurrency: number; senders: string[]; drainMs?: number },
): Promise<ThroughputResult> {
  let next = 0;
  let errors = 0;
  const arrivals: Promise<number | null>[] = [];
  const cancels: (() => void)[] = [];
  const latencies: number[] = [];
  let lastArrival = 0;
  const start = performance.now();
  const drainMs = opts.drainMs ?? 10_000;
  const eps = Array.isArray(ep) ? ep : [ep];
  const worker = async () => {
    while (next < opts.total) {
      const i = next++;
      const mid = `m_bench_${opts.runId}_${opts.label}_${i}`;
      const from = opts.senders[i % opts.senders.length]!;
      // Generous per-message wait; the drain deadline below is what decides "lost".
      const wait = probe.expect(mid, 120_000);
      cancels.push(wait.cancel);
      const t0 = performance.now();
      const status = await deliver(eps[i % eps.length]!, from, mid).catch(() => 0);
      if (status !== 200) {
        errors++;
        wait.cancel();
        continue;
      }
      arrivals.push(
        wait.arrival.then((t) => {
          if (t !== null) {
            latencies.push(t - t0);
            lastArrival = Math.max(lastArrival, t);
          }
          return t;
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  // Everything acknowledged with a 200 must arrive within drainMs after the last send.
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(arrivals), new Promise((r) => (drainTimer = setTimeout(r, drainMs)))]);
  clearTimeout(drainTimer);
  const received = latencies.length;
  const acked = arrivals.length;
  for (const cancel of cancels) cancel();
  const seconds = ((lastArrival || performance.now()) - start) / 1000;
  return {
    total: opts.total,
    concurrency: opts.concurrency,
    acked,
    received,
    lost: acked - received,
    errors,
    msgPerSec: round(received / seconds, 1),
    seconds: round(seconds, 2),
    latencyP50: round(percentile(latencies, 0.5), 1),
    latencyP99: round(percentile(latencies, 0.99), 1),
  };
}

/** Sequential GETs of the webhook verification handshake: what routing one request costs, without a database. */
export async function measureRouting(ep: Endpoint, count: number): Promise<{ count: number; p50: number; p99: number; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await request(ep, "GET", `/webhooks/facebook?hub.mode=subscribe&hub.verify_token=demo-verify-token&hub.challenge=c${i}`).catch(() => null);
    if (res?.status !== 200 || res.body !== `c${i}`) {
      errors++;
      continue;
    }
    samples.push(performance.now() - t0);
  }
  return { count: samples.length, p50: round(percentile(samples, 0.5), 2), p99: round(percentile(samples, 0.99), 2), errors };
}
