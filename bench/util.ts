// Small shared helpers for the benchmark: ports, percentiles, child processes, RSS.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
  return Math.floor(n);
}

export function envList(name: string, fallback: number[]): number[] {
  const v = process.env[name];
  if (v === undefined || v.trim() === "") return fallback;
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: bad number ${s}`);
      return n;
    });
}

export const envFlag = (name: string, fallback: boolean) => {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  return !["0", "false", "no", "off"].includes(v.toLowerCase());
};

/** A port nothing listens on right now (the OS picks it, we let it go). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Nearest-rank percentile of an unsorted sample; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

/** VmRSS of a process in KiB (Linux), or NaN. */
export function rssKiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** User + system CPU time of a process in ms (Linux /proc/<pid>/stat, clock ticks of 10 ms), or NaN. */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name "(...)": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAvgAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

// ---- children: every process we start is killed when we exit, however we exit ----

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Async cleanup (e.g. DROP DATABASE) run once, on normal end or on a signal. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    await fn().catch((err: unknown) => console.error("cleanup failed:", err instanceof Error ? err.message : err));
  }
}

/** Children are started detached (own process group), so a kill reaches their own children too. */
function killGroup(c: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (c.pid) process.kill(-c.pid, signal);
  } catch {
    try {
      c.kill(signal);
    } catch {
      /* gone */
    }
  }
}

function killAllNow(): void {
  for (const c of children) killGroup(c, "SIGKILL");
}

let installed = false;
/** Kills children on exit, SIGINT, SIGTERM, uncaught errors; runs async cleanups on signals. */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAllNow);
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping children and cleaning up…`);
    for (const c of children) c.kill("SIGTERM");
    const hard = setTimeout(() => {
      killAllNow();
      process.exit(130);
    }, 8000);
    hard.unref();
    void runCleanups().finally(() => {
      killAllNow();
      process.exit(130);
    });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Stops one child: SIGTERM, then SIGKILL after `graceMs`. Resolves when it is gone. */
export async function stopChild(child: ChildProcess | undefined, graceMs = 12_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  await gone;
  clearTimeout(timer);
  killGroup(child, "SIGKILL"); // anything it left behind
}

export type Spawned = { child: ChildProcess; tail: () => string };

/** Spawns a tracked child whose stdout+stderr go to `logFile` and to a short in-memory tail. */
export function spawnLogged(cmd: string, args: string[], opts: Pick<SpawnOptions, "cwd" | "env"> & { logFile: string; ipc?: boolean }): Spawned {
  const stdio: SpawnOptions["stdio"] = opts.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"];
  // Through bash to raise the file-descriptor limit (10,000 sockets); `exec` keeps the pid.
  const wrapped = ["-c", 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"', "bench-child", cmd, ...args];
  const child = track(spawn("bash", wrapped, { cwd: opts.cwd, env: opts.env, stdio, detached: true }));
  const log = createWriteStream(opts.logFile);
  let tail = "";
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("exit", () => log.end());
  return { child, tail: () => tail };
}

/** Resolves when `check` resolves true; rejects after `ms` or when `abort` returns a reason. */
export async function waitUntil(check: () => Promise<boolean>, ms: number, what: string, abort?: () => string | null): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const reason = abort?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : NaN);
