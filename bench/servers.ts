// Starting the measured servers as child processes: the floor and Inbox (PGlite / PostgreSQL, one node or several on Redis).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { ChildProcess } from "node:child_process";
import { APP_SECRET, request, type Endpoint } from "./client";
import { freePort, onCleanup, spawnLogged, stopChild, waitUntil } from "./util";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type Running = {
  name: string;
  ep: Endpoint;
  pid: number;
  child: ChildProcess;
  tail: () => string;
  stop: () => Promise<void>;
  /** Inspector port when started with `inspect` (to force a GC before memory readings). */
  inspectPort?: number | undefined;
};

type Start = { name: string; logDir: string; cpuProfDir?: string | undefined; inspect?: boolean };

async function nodeArgs(s: Start): Promise<{ args: string[]; inspectPort?: number }> {
  const args: string[] = [];
  // One directory per server: every thread (main, tsx's loader worker) writes its own profile; the main one is the largest.
  if (s.cpuProfDir) args.push("--cpu-prof", `--cpu-prof-dir=${path.join(s.cpuProfDir, s.name)}`);
  if (!s.inspect) return { args };
  const inspectPort = await freePort();
  args.push(`--inspect=127.0.0.1:${inspectPort}`);
  return { args, inspectPort };
}

async function started(name: string, port: number, child: ChildProcess, tail: () => string, timeoutMs: number, inspectPort?: number): Promise<Running> {
  const ep: Endpoint = { host: "127.0.0.1", port, origin: `http://localhost:${port}` };
  await waitUntil(
    async () => (await request(ep, "GET", "/api/health", { timeoutMs: 3000 })).status === 200,
    timeoutMs,
    `${name} /api/health`,
    () => (child.exitCode !== null || child.signalCode !== null ? `exited early (${child.exitCode ?? child.signalCode}):\n${tail()}` : null),
  );
  return { name, ep, pid: child.pid!, child, tail, stop: () => stopChild(child), inspectPort };
}

export async function startFloor(s: Start): Promise<Running> {
  const port = await freePort();
  const { args, inspectPort } = await nodeArgs(s);
  const { child, tail } = spawnLogged(process.execPath, [...args, "--import", "tsx", "bench/floor-server.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), APP_URL: `http://localhost:${port}` },
    logFile: path.join(s.logDir, `${s.name}.log`),
  });
  return started(s.name, port, child, tail, 30_000, inspectPort);
}

export type InboxDb = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string; database: string };

/** A fresh PGlite directory, removed at the end. */
export function freshPglite(): InboxDb {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "inbox-bench-"));
  onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }));
  return { kind: "pglite", dataDir };
}

/** A fresh PostgreSQL database name (the server creates and migrates it); dropped at the end. */
export function freshPostgres(): InboxDb {
  const database = `inbox_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const url = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${database}` }).toString();
  onCleanup(() => dropDatabase(database));
  return { kind: "postgres", url, database };
}

export async function dropDatabase(database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export const BENCH_AUTH_SECRET = "bench-auth-secret-0123456789abcdef";

/** The environment Inbox runs with in the benchmark (the breakdown child uses it too). */
export function inboxEnv(port: number, db: InboxDb, deadGraphPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    AUTH_SECRET: BENCH_AUTH_SECRET,
    FACEBOOK_APP_SECRET: APP_SECRET,
    FACEBOOK_VERIFY_TOKEN: "demo-verify-token",
    // Nothing listens there: profile lookups fail fast (connection refused).
    FACEBOOK_GRAPH_API_URL: `http://127.0.0.1:${deadGraphPort}`,
    ZALO_API_URL: `http://127.0.0.1:${deadGraphPort}`,
    LOG_LEVEL: "warn",
    // Every bench webhook comes from 127.0.0.1; the per-source limiter (default 300/s) would measure itself.
    WEBHOOK_RATE_LIMIT: "0",
  };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  delete env.REDIS_URL;
  delete env.INBOX_DEMO;
  delete env.ALLOWED_ORIGINS;
  if (db.kind === "pglite") env.DATA_DIR = db.dataDir;
  else env.DATABASE_URL = db.url;
  return env;
}

/**
 * One Inbox node. With `redisUrl`, it joins the others on that Redis (Socket.IO adapter);
 * `seed: false` for a second node on a database the first has already migrated and seeded.
 */
export async function startInbox(s: Start & { db: InboxDb; deadGraphPort: number; redisUrl?: string; seed?: boolean }): Promise<Running> {
  const port = await freePort();
  const env = inboxEnv(port, s.db, s.deadGraphPort);
  if (s.redisUrl) env.REDIS_URL = s.redisUrl;
  const { args, inspectPort } = await nodeArgs(s);
  const { child, tail } = spawnLogged(process.execPath, [...args, "--import", "tsx", "server.ts", ...(s.seed === false ? [] : ["--seed-demo"])], {
    cwd: ROOT,
    env,
    logFile: path.join(s.logDir, `${s.name}.log`),
  });
  return started(s.name, port, child, tail, 180_000, inspectPort);
}
