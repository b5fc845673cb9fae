import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, test } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { dropDatabase, withDatabase } from "../support/test-db";
import { POSTGRES_URL, requireServices } from "../support/services";
import { ACME } from "../support/world";

/**
 * SIGKILL under load: every webhook that was answered 200 must be in the
 * database exactly once afterwards, and the platform's retries of the rest
 * must fill the gaps without duplicates. Runs the real production server.
 */
// The server runs as production: secrets of real lengths, not the demo ones.
const APP_SECRET = "crash-test-app-secret-0123";
const root = path.resolve(import.meta.dirname, "../..");
const built = existsSync(path.join(root, ".next/BUILD_ID"));
if (!built && requireServices) throw new Error("crash-recovery needs `npm run build` first (npm test builds before it runs)");

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts", "--seed-demo"], {
    cwd: root,
    env: { ...process.env, VITEST: "", NODE_ENV: "production", PORT: String(port), APP_URL: `http://localhost:${port}`, AUTH_SECRET: "crash-test-auth-secret-0123456789abcdef", FACEBOOK_APP_SECRET: APP_SECRET, FACEBOOK_VERIFY_TOKEN: "crash-verify-token", FACEBOOK_GRAPH_API_URL: "http://127.0.0.1:9", LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const until = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (ok) return child;
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error("server did not start within 240 s");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

type Count = (mids: string[]) => Promise<Map<string, number>>;
/** How many change numbers the stored messages carry: fewer than messages when commits held several webhooks. */
type Changes = (mids: string[]) => Promise<number>;

async function crashUnderLoad(kind: "postgres" | "pglite", env: Record<string, string>, count: Count, changes: Changes) {
  const port = await freePort();
  let server = await startServer(env, port);
  const deliveries = Array.from({ length: 400 }, (_, i) =>
    buildFacebookWebhook({ to: ACME.facebook.pageId, from: `7800000000000${100 + (i % 50)}`, text: `load ${i}`, mid: `m_crash_${kind}_${i}` }, APP_SECRET),
  );
  const acked = new Set<string>();
  const post = (d: (typeof deliveries)[number]) =>
    fetch(`http://127.0.0.1:${port}${d.path}`, { method: "POST", headers: { "content-type": "application/json", ...d.headers }, body: d.body })
      .then((r) => r.status, () => 0);
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++]!;
      if ((await post(d)) === 200) acked.add(JSON.parse(d.body).entry[0].messaging[0].message.mid as string);
    }
  };
  const load = Promise.all(Array.from({ length: 16 }, worker));
  // Kill mid-flight, once a good share has been answered.
  while (acked.size < 100) await new Promise((r) => setTimeout(r, 5));
  server.kill("SIGKILL");
  await load;
  const mids = deliveries.map((d) => JSON.parse(d.body).entry[0].messaging[0].message.mid as string);
  expect(acked.size).toBeLessThan(deliveries.length);

  server = await startServer(env, port);
  let batching = {};
  try {
    const [afterCrash, numbers] = await countWithServerStopped(server, () => Promise.all([count(mids), changes([...acked])]), kind);
    // The load was group-committed (lib/inbox/group-commit.ts): its commits held several webhooks each.
    expect(numbers).toBeLessThan(acked.size * 0.8);
    batching = { acked: acked.size, changeNumbers: numbers };
    for (const mid of acked) expect(afterCrash.get(mid), mid).toBe(1);
    for (const [mid, n] of afterCrash) expect(n, mid).toBe(1);
    server = kind === "pglite" ? await startServer(env, port) : server;
    // The platform retries what it did not get a 200 for (and, being a platform, some it did).
    for (const d of deliveries) expect(await post(d)).toBe(200);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  const final = await count(mids);
  expect(final.size).toBe(deliveries.length);
  for (const n of final.values()) expect(n).toBe(1);
  return { sent: deliveries.length, ackedBeforeCrash: acked.size, ...batching };
}

/** PGlite is single-process: the server must be stopped before the test opens the directory. */
async function countWithServerStopped<T>(server: ChildProcess, read: () => Promise<T>, kind: string): Promise<T> {
  if (kind !== "pglite") return read();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  return read();
}

describe.skipIf(!built)("crash recovery (SIGKILL under load)", () => {
  test.skipIf(!inject("postgresAvailable"))("PostgreSQL: every answered webhook is stored exactly once", async () => {
    const name = `inbox_test_crash_${process.pid}`;
    const url = withDatabase(POSTGRES_URL, name);
    const count = async (mids: string[]) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const { rows } = await c.query<{ externalId: string; n: string }>(`SELECT "externalId", count(*) AS n FROM "Message" WHERE "externalId" = ANY($1) GROUP BY 1`, [mids]);
      await c.end();
      return new Map(rows.map((r) => [r.externalId, Number(r.n)]));
    };
    const changes = async (mids: string[]) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const { rows } = await c.query<{ n: string }>(`SELECT count(DISTINCT "seq") AS n FROM "Message" WHERE "externalId" = ANY($1)`, [mids]);
      await c.end();
      return Number(rows[0]!.n);
    };
    try {
      console.log(JSON.stringify({ crash: "postgres", ...(await crashUnderLoad("postgres", { DATABASE_URL: url }, count, changes)) }));
    } finally {
      await dropDatabase(name);
    }
  }, 480_000);

  test("PGlite: every answered webhook is stored exactly once", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "inbox-crash-"));
    const count = async (mids: string[]) => {
      const db = await PGlite.create(dir);
      const { rows } = await db.query<{ externalId: string; n: number }>(`SELECT "externalId", count(*)::int AS n FROM "Message" WHERE "externalId" = ANY($1) GROUP BY 1`, [mids]);
      await db.close();
      return new Map(rows.map((r) => [r.externalId, r.n]));
    };
    const changes = async (mids: string[]) => {
      const db = await PGlite.create(dir);
      const { rows } = await db.query<{ n: number }>(`SELECT count(DISTINCT "seq")::int AS n FROM "Message" WHERE "externalId" = ANY($1)`, [mids]);
      await db.close();
      return rows[0]!.n;
    };
    try {
      console.log(JSON.stringify({ crash: "pglite", ...(await crashUnderLoad("pglite", { DATA_DIR: dir }, count, changes)) }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 480_000);
});
