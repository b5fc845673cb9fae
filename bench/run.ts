// `npm run bench`: webhook→socket latency and throughput of Inbox (PGlite, PostgreSQL, and two
// PostgreSQL nodes on Redis: webhooks to node A, the agent's socket on node B) next to a bare
// http + Socket.IO floor, room-emit latency and memory with thousands of foreign sockets, and
// time to first paint with 10,000 conversations. Writes bench/results/latest.{json,md}.
//
// Sizes (env): BENCH_MESSAGES (300) BENCH_WARMUP (30) BENCH_THROUGHPUT (2000) BENCH_CONCURRENCY (32)
// BENCH_ROUTING (200) BENCH_SENDERS (50) BENCH_FOREIGN (100,1000,10000) BENCH_FOREIGN_MESSAGES (150) BENCH_CLIENT_PROCS (2)
// BENCH_CONVERSATIONS (10000) BENCH_PAINT_RUNS (3) BENCH_SETTLE_MS (2000) BENCH_DEADLINE_S (900) BENCH_BREAKDOWN_N (100)
// BENCH_MEMORY_WEBHOOKS (1500) BENCH_MEMORY_ATTACHMENTS (50) BENCH_MEMORY_URL_BYTES (4096) BENCH_MEMORY_CONCURRENCY (8)
// Switches: BENCH_PGLITE=0 BENCH_REDIS=0 (BENCH_REDIS_URL, default redis://127.0.0.1:6379) BENCH_FLOOR_FOREIGN=0 BENCH_PAINT=0 BENCH_BREAKDOWN=0 BENCH_MEMORY=0 BENCH_GC=0 (no --inspect, no forced GC)
// BENCH_ONLY=floor,pglite,postgres,redis,memory runs only those phases and writes bench/results/only-<phases>.{json,md}
// BENCH_CPU_PROF=1 (server children write .cpuprofile to bench/results/prof; summarise with bench/prof-summary.ts)
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { closeHttpAgent, measureLatency, measureRouting, measureThroughput, Probe, senderIds, signIn, type Endpoint, type LatencyResult, type ThroughputResult } from "./client";
import { ForeignPool, type GrowResult } from "./foreign";
import { measureWebhookMemory } from "./memory";
import { collectGarbage } from "./inspector";
import { launchChromium, measurePaint, seedConversations, type PaintResult } from "./paint";
import { render, type Results } from "./report";
import { claimRedis } from "./redis";
import { freshPglite, freshPostgres, inboxEnv, ROOT, startFloor, startInbox, type InboxDb, type Running } from "./servers";
import { cpuMs, envFlag, envInt, envList, freePort, installExitHandlers, machine, percentile, round, rssKiB, runCleanups, sleep, spawnLogged } from "./util";

const cfg = {
  messages: envInt("BENCH_MESSAGES", 300),
  routing: envInt("BENCH_ROUTING", 200),
  warmup: envInt("BENCH_WARMUP", 30),
  throughput: envInt("BENCH_THROUGHPUT", 2000),
  concurrency: envInt("BENCH_CONCURRENCY", 32),
  senders: envInt("BENCH_SENDERS", 50),
  foreign: envList("BENCH_FOREIGN", [100, 1000, 10000])
    .filter((n) => n > 0)
    .sort((a, b) => a - b),
  foreignMessages: envInt("BENCH_FOREIGN_MESSAGES", 150),
  clientProcs: Math.max(1, envInt("BENCH_CLIENT_PROCS", 2)),
  conversations: envInt("BENCH_CONVERSATIONS", 10000),
  paintRuns: Math.max(1, envInt("BENCH_PAINT_RUNS", 3)),
  settleMs: envInt("BENCH_SETTLE_MS", 2000),
  gc: envFlag("BENCH_GC", true),
  deadlineS: envInt("BENCH_DEADLINE_S", 900),
  pglite: envFlag("BENCH_PGLITE", true),
  redis: envFlag("BENCH_REDIS", true),
  floorForeign: envFlag("BENCH_FLOOR_FOREIGN", true),
  paint: envFlag("BENCH_PAINT", true),
  cpuProf: envFlag("BENCH_CPU_PROF", false),
  breakdown: envFlag("BENCH_BREAKDOWN", true),
  breakdownN: envInt("BENCH_BREAKDOWN_N", 100),
  memory: envFlag("BENCH_MEMORY", true),
  memoryWebhooks: envInt("BENCH_MEMORY_WEBHOOKS", 1500),
  memoryAttachments: envInt("BENCH_MEMORY_ATTACHMENTS", 50),
  memoryUrlBytes: envInt("BENCH_MEMORY_URL_BYTES", 4096),
  memoryConcurrency: Math.max(1, envInt("BENCH_MEMORY_CONCURRENCY", 8)),
  only: (process.env.BENCH_ONLY ?? "").split(",").map((s) => s.trim()).filter(Boolean),
};

/** Whether a phase runs: all of them unless BENCH_ONLY names some. */
const runs = (phaseName: "floor" | "pglite" | "postgres" | "redis" | "memory") => !cfg.only.length || cfg.only.includes(phaseName);

const RESULTS = path.join(ROOT, "bench", "results");
const LOGS = path.join(RESULTS, "logs");
const PROF = path.join(RESULTS, "prof");
const runId = Date.now().toString(36);
const t0 = performance.now();

const say = (msg: string) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);

export type VariantResult = {
  name: string;
  startSeconds: number;
  latency: LatencyResult;
  throughput: ThroughputResult;
  /** Server process CPU (user + system) per webhook, from /proc: sequential phase and concurrent phase. */
  serverCpuMsPerMessage: { sequential: number; concurrent: number };
  /** GET /webhooks/facebook verification handshake: the request path without database or socket. */
  routing: { count: number; p50: number; p99: number; errors: number; cpuMs: number };
  rssAfterKiB: number;
  /** Several nodes: RSS of each (rssAfterKiB is their sum) and Redis's own CPU per webhook. */
  nodeRssAfterKiB?: number[];
  redisCpuMsPerMessage?: { sequential: number; concurrent: number };
};

export type LevelResult = {
  sockets: number;
  connected: number;
  failed: number;
  errors: Record<string, number>;
  connectSeconds: number;
  rssKiB: number;
  kibPerSocket: number;
  heapUsedKiB: number;
  heapKibPerSocket: number;
  latency: LatencyResult;
};

export type ForeignResult = { server: string; rssBaseKiB: number; heapBaseKiB: number; levels: LevelResult[]; foreignEventsReceived: number; droppedAfterConnect: number };

/**
 * What one variant's webhooks are measured against. One server: everything on it. A cluster:
 * the sequential webhooks (and the GET handshake) go to `post`, the concurrent ones to each of
 * `spread` in turn, and server CPU is summed over `pids` (plus `otherCpuMs`, e.g. Redis, reported apart).
 */
type Measured = { name: string; post: Endpoint; spread: Endpoint[]; pids: number[]; otherCpuMs?: () => Promise<number> };

const single = (s: Running): Measured => ({ name: s.name, post: s.ep, spread: [s.ep], pids: [s.pid] });

async function latencyAndThroughput(t: Measured, probe: Probe, label: string): Promise<Pick<VariantResult, "latency" | "throughput" | "serverCpuMsPerMessage" | "routing" | "redisCpuMsPerMessage">> {
  const senders = senderIds(runId, cfg.senders);
  const cpu = () => t.pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const other = async () => (t.otherCpuMs ? await t.otherCpuMs() : NaN);
  say(`${t.name}: latency, ${cfg.warmup} warm-up + ${cfg.messages} sequential messages`);
  const routingCpu0 = cpu();
  const routing = await measureRouting(t.post, cfg.routing);
  const routingCpu = round((cpu() - routingCpu0) / Math.max(1, cfg.routing), 2);
  say(`${t.name}: GET webhook handshake (routing only): p50 ${routing.p50} ms, p99 ${routing.p99} ms, server CPU ${routingCpu} ms per request`);
  const [cpu0, other0] = [cpu(), await other()];
  const latency = await measureLatency(t.post, probe, { label: `${label}-lat`, runId, warmup: cfg.warmup, count: cfg.messages, senders });
  const cpuLatency = round((cpu() - cpu0) / (cfg.warmup + cfg.messages), 2);
  const otherLatency = round(((await other()) - other0) / (cfg.warmup + cfg.messages), 2);
  say(`${t.name}: p50 ${latency.p50} ms, p99 ${latency.p99} ms (errors ${latency.errors}, lost ${latency.lost}); server CPU ${cpuLatency} ms per message`);
  say(`${t.name}: throughput, ${cfg.throughput} messages at concurrency ${cfg.concurrency}${t.spread.length > 1 ? `, round robin over ${t.spread.length} nodes` : ""}`);
  const [cpu1, other1] = [cpu(), await other()];
  const throughput = await measureThroughput(t.spread, probe, { label: `${label}-tput`, runId, total: cfg.throughput, concurrency: cfg.concurrency, senders });
  const cpuThroughput = round((cpu() - cpu1) / cfg.throughput, 2);
  const otherThroughput = round(((await other()) - other1) / cfg.throughput, 2);
  say(`${t.name}: ${throughput.msgPerSec} msg/s, received ${throughput.received}/${throughput.acked}, lost ${throughput.lost}, errors ${throughput.errors}`);
  return {
    latency,
    throughput,
    serverCpuMsPerMessage: { sequential: cpuLatency, concurrent: cpuThroughput },
    routing: { ...routing, cpuMs: routingCpu },
    ...(t.otherCpuMs ? { redisCpuMsPerMessage: { sequential: otherLatency, concurrent: otherThroughput } } : {}),
  };
}

/** Server memory after the settle delay (and a forced full GC when the inspector is on): RSS is the median of 5 readings 300 ms apart. */
async function settledMemory(s: Running): Promise<{ rssKiB: number; heapUsedKiB: number }> {
  await sleep(cfg.settleMs);
  let heapUsedKiB = NaN;
  if (s.inspectPort) {
    heapUsedKiB = await collectGarbage(s.inspectPort).then(
      (h) => h.heapUsedKiB,
      (err: unknown) => (say(`${s.name}: forced GC failed: ${err instanceof Error ? err.message : String(err)}`), NaN),
    );
    await sleep(1000);
  }
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    if (i) await sleep(300);
    readings.push(rssKiB(s.pid));
  }
  return { rssKiB: percentile(readings, 0.5), heapUsedKiB };
}

/** Connects foreign sockets level by level; at each: settle, server RSS, then the probe's latency. */
async function foreignLevels(s: Running, display: string, probe: Probe, pool: ForeignPool, label: string): Promise<ForeignResult> {
  const base = await settledMemory(s);
  const rssBaseKiB = base.rssKiB;
  say(`${s.name}: RSS with no foreign sockets ${round(rssBaseKiB / 1024)} MiB, JS heap ${round(base.heapUsedKiB / 1024)} MiB`);
  const levels: LevelResult[] = [];
  let last: GrowResult | undefined;
  const senders = senderIds(runId, cfg.senders);
  for (const n of cfg.foreign) {
    say(`${s.name}: connecting foreign sockets up to ${n}`);
    last = await pool.grow(n);
    say(`${s.name}: ${last.connected} foreign sockets connected (${last.failed} failed) in ${last.seconds.toFixed(1)} s`);
    const mem = await settledMemory(s);
    const rss = mem.rssKiB;
    const latency = await measureLatency(s.ep, probe, { label: `${label}-f${n}`, runId, warmup: Math.min(20, cfg.warmup), count: cfg.foreignMessages, senders });
    const kibPerSocket = last.connected ? (rss - rssBaseKiB) / last.connected : NaN;
    const heapKibPerSocket = last.connected ? (mem.heapUsedKiB - base.heapUsedKiB) / last.connected : NaN;
    say(`${s.name}: @${n} foreign: p50 ${latency.p50} ms, p99 ${latency.p99} ms, RSS ${round(rss / 1024)} MiB (${round(kibPerSocket, 2)} KiB/socket, JS heap ${round(heapKibPerSocket, 2)} KiB/socket)`);
    levels.push({ sockets: n, connected: last.connected, failed: last.failed, errors: last.errors, connectSeconds: round(last.seconds, 1), rssKiB: rss, kibPerSocket: round(kibPerSocket, 2), heapUsedKiB: round(mem.heapUsedKiB, 0), heapKibPerSocket: round(heapKibPerSocket, 2), latency });
  }
  const stats = await pool.stats();
  return { server: display, rssBaseKiB, heapBaseKiB: round(base.heapUsedKiB, 0), levels, foreignEventsReceived: stats.eventsReceived, droppedAfterConnect: stats.droppedAfterConnect };
}

/** Runs bench/breakdown.ts in a child with the server's environment, on the (stopped) server's database. */
async function breakdown(db: InboxDb, deadGraphPort: number): Promise<NonNullable<Results["breakdown"]>> {
  const env = { ...inboxEnv(0, db, deadGraphPort), BENCH_BREAKDOWN_N: String(cfg.breakdownN) };
  const { child, tail } = spawnLogged(process.execPath, ["--import", "tsx", "bench/breakdown.ts"], { cwd: ROOT, env, logFile: path.join(LOGS, "breakdown.log") });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.once("exit", (c) => (clearTimeout(timer), resolve(c)));
  });
  const out = tail().trim().split("\n").reverse().find((l) => l.startsWith("{"));
  if (code !== 0 || !out) throw new Error(`breakdown failed (${code}):\n${tail()}`);
  return JSON.parse(out) as NonNullable<Results["breakdown"]>;
}

/** Sign-in through next-auth's credentials API; on failure, the server's last logged error joins the message. */
async function signInOrExplain(s: Running, email: string): Promise<string> {
  try {
    return await signIn(s.ep, email);
  } catch (err) {
    await sleep(200); // let the server's log line arrive
    const logged = [...s.tail().matchAll(/"msg":"[^"]*"|"message":"([^"]*)"/g)].map((m) => m[1]).filter(Boolean).pop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}${logged ? ` — server logged: ${logged}` : ""}`);
  }
}

/** One measured phase; a failure is recorded (and printed) and the next phase still runs. */
async function phase(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    say(`${name}: FAILED: ${message}`);
    failures.push({ phase: name, error: message.slice(0, 2000) });
  }
}

const failures: { phase: string; error: string }[] = [];

async function main(): Promise<Results> {
  installExitHandlers();
  mkdirSync(LOGS, { recursive: true });
  if (cfg.cpuProf) mkdirSync(PROF, { recursive: true });
  const deadline = setTimeout(() => {
    console.error(`bench: deadline of ${cfg.deadlineS} s passed; stopping`);
    void runCleanups().finally(() => process.exit(2));
  }, cfg.deadlineS * 1000);
  deadline.unref();

  const results: Results = { machine: machine(), startedAt: new Date().toISOString(), config: cfg, variants: [], foreign: [] };
  const prof = cfg.cpuProf ? PROF : undefined;
  const deadGraphPort = await freePort();

  // ---- 1. the floor ----
  if (runs("floor")) await phase("floor", async () => {
    say("floor: starting bare http + Socket.IO child");
    const started = performance.now();
    const s = await startFloor({ name: "floor", logDir: LOGS, cpuProfDir: prof, inspect: cfg.gc && cfg.floorForeign && cfg.foreign.length > 0 });
    const startSeconds = round((performance.now() - started) / 1000, 1);
    const probe = new Probe(s.ep, { auth: { account: "demo-acme" } });
    try {
      await probe.connected();
      const r = await latencyAndThroughput(single(s), probe, "floor");
      results.variants.push({ name: "floor", startSeconds, ...r, rssAfterKiB: rssKiB(s.pid) });
      if (cfg.floorForeign && cfg.foreign.length) {
        const pool = new ForeignPool(s.ep, { name: "floor-foreign", logDir: LOGS, procs: cfg.clientProcs, auth: { account: "demo-globex" } });
        try {
          await pool.start();
          results.foreign.push(await foreignLevels(s, "floor", probe, pool, "floor"));
        } finally {
          await pool.close();
        }
      }
    } finally {
      probe.close();
      await s.stop();
    }
  });

  // ---- 2. Inbox on PGlite ----
  if (cfg.pglite && runs("pglite")) await phase("PGlite", async () => {
    say("PGlite: starting Inbox (migrate, seed, next prepare)");
    const started = performance.now();
    const s = await startInbox({ name: "pglite", logDir: LOGS, cpuProfDir: prof, db: freshPglite(), deadGraphPort });
    const startSeconds = round((performance.now() - started) / 1000, 1);
    say(`PGlite: ready in ${startSeconds} s (pid ${s.pid})`);
    let probe: Probe | undefined;
    try {
      const cookie = await signInOrExplain(s, "alice@acme.test");
      probe = new Probe(s.ep, { cookie });
      await probe.connected();
      const r = await latencyAndThroughput(single(s), probe, "pglite");
      results.variants.push({ name: "PGlite", startSeconds, ...r, rssAfterKiB: rssKiB(s.pid) });
    } finally {
      probe?.close();
      await s.stop();
    }
  });

  // ---- 3. Inbox on PostgreSQL (+ foreign sockets, memory, first paint) ----
  if (runs("postgres")) await phase("PostgreSQL", async () => {
    const db = freshPostgres();
    if (db.kind !== "postgres") throw new Error("unreachable");
    say(`PostgreSQL: starting Inbox on database ${db.database}`);
    const started = performance.now();
    const s = await startInbox({ name: "postgres", logDir: LOGS, cpuProfDir: prof, db, deadGraphPort, inspect: cfg.gc && cfg.foreign.length > 0 });
    const startSeconds = round((performance.now() - started) / 1000, 1);
    say(`PostgreSQL: ready in ${startSeconds} s (pid ${s.pid})`);
    let probe: Probe | undefined;
    try {
      const cookie = await signInOrExplain(s, "alice@acme.test");
      probe = new Probe(s.ep, { cookie });
      await probe.connected();
      const r = await latencyAndThroughput(single(s), probe, "pg");
      results.variants.push({ name: "PostgreSQL", startSeconds, ...r, rssAfterKiB: rssKiB(s.pid) });

      if (cfg.foreign.length) {
        const bob = await signIn(s.ep, "bob@globex.test");
        const pool = new ForeignPool(s.ep, { name: "pg-foreign", logDir: LOGS, procs: cfg.clientProcs, cookie: bob });
        try {
          await pool.start();
          results.foreign.push(await foreignLevels(s, "PostgreSQL", probe, pool, "pg"));
        } finally {
          await pool.close();
        }
      }

      if (cfg.paint) {
        say("PostgreSQL: first paint");
        const browser = await launchChromium();
        try {
          const before = await measurePaint(browser, s.ep, "alice@acme.test", cfg.paintRuns, cookie);
          say(`PostgreSQL: before seeding: FCP ${before.median.fcp} ms, first conversation ${before.median.firstConversation} ms`);
          say(`PostgreSQL: seeding ${cfg.conversations} conversations`);
          const seed = await seedConversations(db.url, cfg.conversations, runId);
          say(`PostgreSQL: seeded in ${seed.seconds} s (${seed.total} conversations for Acme)`);
          const after: PaintResult = await measurePaint(browser, s.ep, "alice@acme.test", cfg.paintRuns, cookie);
          say(`PostgreSQL: with ${seed.total}: FCP ${after.median.fcp} ms, first conversation ${after.median.firstConversation} ms`);
          results.paint = { conversations: seed.total, conversationsBefore: seed.total - cfg.conversations, seedSeconds: seed.seconds, before, after };
        } finally {
          await browser.close();
        }
      }
    } finally {
      probe?.close();
      await s.stop();
    }
    if (cfg.breakdown) {
      say(`breakdown: timing the ingest steps in-process (${cfg.breakdownN} each), without Next.js/HTTP`);
      try {
        results.breakdown = await breakdown(db, deadGraphPort);
        for (const st of results.breakdown.steps) say(`breakdown: ${st.what}: p50 ${st.p50} ms, CPU ${st.cpuMean} ms, ${st.roundTrips} round trips`);
      } catch (err) {
        // Diagnostic only: the measured table stands without it.
        say(`breakdown skipped: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  });
  // ---- 4. two Inbox nodes on one PostgreSQL database and Redis: every sequential event crosses Redis ----
  if (cfg.redis && runs("redis")) await phase("PostgreSQL + Redis", async () => {
    const redis = await claimRedis(runId);
    const db = freshPostgres();
    if (db.kind !== "postgres") throw new Error("unreachable");
    say(`PostgreSQL + Redis: starting two Inbox nodes on database ${db.database}, Redis database ${redis.db}`);
    const started = performance.now();
    const nodes: Running[] = [];
    let probe: Probe | undefined;
    try {
      // B after A: A migrates and seeds the shared database, B only opens it.
      nodes.push(await startInbox({ name: "redis-a", logDir: LOGS, cpuProfDir: prof, db, deadGraphPort, redisUrl: redis.url }));
      nodes.push(await startInbox({ name: "redis-b", logDir: LOGS, cpuProfDir: prof, db, deadGraphPort, redisUrl: redis.url, seed: false }));
      const [a, b] = nodes as [Running, Running];
      const startSeconds = round((performance.now() - started) / 1000, 1);
      say(`PostgreSQL + Redis: both nodes ready in ${startSeconds} s (pids ${a.pid}, ${b.pid})`);
      // Signed in on A, the agent's socket on B: the session is the shared database's.
      const cookie = await signInOrExplain(a, "alice@acme.test");
      probe = new Probe(b.ep, { cookie });
      await probe.connected();
      const target: Measured = { name: "PostgreSQL + Redis", post: a.ep, spread: [a.ep, b.ep], pids: [a.pid, b.pid], otherCpuMs: redis.cpuMs };
      const r = await latencyAndThroughput(target, probe, "redis");
      const nodeRssAfterKiB = nodes.map((n) => rssKiB(n.pid));
      results.variants.push({ name: "PostgreSQL + Redis, two nodes", startSeconds, ...r, rssAfterKiB: nodeRssAfterKiB.reduce((x, y) => x + y, 0), nodeRssAfterKiB });
    } finally {
      probe?.close();
      await Promise.all(nodes.map((n) => n.stop()));
    }
  });

  // ---- 5. memory under large signed webhooks (its own server: nothing else in its RSS) ----
  if (cfg.memory && runs("memory")) await phase("memory", async () => {
    const db = freshPostgres();
    say("memory: starting Inbox on PostgreSQL");
    const s = await startInbox({ name: "memory", logDir: LOGS, db, deadGraphPort, inspect: cfg.gc });
    try {
      say(`memory: ${cfg.memoryWebhooks} signed Zalo webhooks, each ${cfg.memoryAttachments} attachments × ${cfg.memoryUrlBytes} B URLs, at concurrency ${cfg.memoryConcurrency}`);
      const m = await measureWebhookMemory(s.ep, { settled: async () => (await settledMemory(s)).rssKiB, now: () => rssKiB(s.pid) }, { runId, webhooks: cfg.memoryWebhooks, attachments: cfg.memoryAttachments, urlBytes: cfg.memoryUrlBytes, concurrency: cfg.memoryConcurrency });
      results.memory = m;
      const mib = (k: number) => round(k / 1024, 0);
      say(`memory: ${m.bodyKiB} KiB bodies, ${JSON.stringify(m.statuses)} in ${m.seconds} s; RSS ${mib(m.rssBeforeKiB)} → ${mib(m.rssAfterKiB)} MiB, after the pause ${mib(m.rssAfterPauseKiB)} MiB`);
    } finally {
      await s.stop();
    }
  });

  results.failures = failures;
  results.durationSeconds = round((performance.now() - t0) / 1000, 1);
  return results;
}

main()
  .then(async (results) => {
    await runCleanups();
    closeHttpAgent();
    const { markdown } = render(results);
    mkdirSync(RESULTS, { recursive: true });
    // A partial run (BENCH_ONLY) never overwrites the full results.
    const name = cfg.only.length ? `only-${cfg.only.join("-")}` : "latest";
    writeFileSync(path.join(RESULTS, `${name}.json`), JSON.stringify(results, null, 2) + "\n");
    writeFileSync(path.join(RESULTS, `${name}.md`), markdown);
    console.log(markdown);
    say(`wrote bench/results/${name}.json and ${name}.md; server logs in bench/results/logs${cfg.cpuProf ? ", CPU profiles in bench/results/prof" : ""}`);
    process.exit(failures.length ? 1 : 0);
  })
  .catch(async (err: unknown) => {
    console.error("bench failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    await runCleanups();
    process.exit(1);
  });
