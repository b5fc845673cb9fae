// One Node http server: the Next.js handler and Socket.IO on one port. Wiring only.
import { createServer } from "node:http";
import next from "next";
import { env, EnvError, rereadEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { getProcessState } from "@/lib/process-state";
import { openDatabase, closeDatabase } from "@/lib/open-database";
import { createRealtimeServer } from "@/lib/server/create-realtime-server";
import { createRedisAdapter } from "@/lib/realtime/redis-adapter";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { startMediaSweeper } from "@/lib/inbox/keep-inbound-attachments";
import { startSnoozeSweeper } from "@/lib/inbox/wake-snoozed";
import { demoAccounts, DEMO_PASSWORD, seedDemo } from "@/lib/demo/seed-demo";
import { startDemoPlatform } from "@/lib/demo/demo-platform";
import { requestIdFrom, runWithRequestContext } from "@/lib/request-context";
import { forwardedClientAddress } from "@/lib/http/client-address";
import { migrateDatabase } from "./scripts/db-migrate";
import { fastWebhook, settleWebhooks } from "@/lib/server/fast-webhooks";
import { startDbMaintenance } from "@/lib/db-maintenance";

async function main(): Promise<void> {
  let e = env();
  // A demo with no platform API configured answers replies from a local stand-in (never outside demo mode).
  const demoPlatform = e.mode === "demo" && !e.platformApisGiven && !e.demoPlatformUrl ? await startDemoPlatform() : undefined;
  if (demoPlatform) {
    process.env.INBOX_DEMO_PLATFORM = demoPlatform.url; // read by this process and Next's bundles alike
    e = rereadEnv();
  }
  // next-auth reads these; they must match the port we really listen on.
  process.env.NEXTAUTH_URL = e.appUrl;
  process.env.NEXTAUTH_SECRET = e.authSecret;

  // A PGlite directory belongs to one process: migrate before this process opens it.
  await migrateDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir, quiet: true });
  await openDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir, appDatabaseUrl: e.databaseAppUrl });
  if (process.argv.includes("--seed-demo")) await seedDemo();

  const dev = process.env.NODE_ENV !== "production";
  const app = next({ dev, dir: import.meta.dirname, port: e.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const http = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    const forwarded = forwardedClientAddress(req.headers["x-forwarded-for"], e.trustProxy);
    res.setHeader("X-Request-Id", requestId);
    // Platform webhooks skip Next's router (the same route code, a shorter way in: issue 14).
    const webhook = fastWebhook(req);
    runWithRequestContext({ requestId, clientIp: forwarded || req.socket.remoteAddress || "unknown" }, () => {
      if (webhook) void webhook(res);
      else void handle(req, res);
    });
  });
  const redis = e.redisUrl ? await createRedisAdapter(e.redisUrl) : undefined;
  const io = createRealtimeServer(http, { allowedOrigins: e.allowedOrigins, adapter: redis?.adapter });
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    http.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io")) void upgrade(req, socket, head);
    });
  }

  await new Promise<void>((resolve) => http.listen(e.port, resolve));
  // Inbound attachments left pending by a crash, a restart or a failed attempt: retried when due, on every node.
  const stopSweeper = startMediaSweeper({ intervalMs: 30_000 });
  // Snoozes that ran out: opened again on every node, each by exactly one (SKIP LOCKED).
  const stopSnoozeSweeper = startSnoozeSweeper({ intervalMs: 15_000 });
  // Where no autovacuum runs (PGlite; a PostgreSQL server with it off), Inbox's own rounds (lib/db-maintenance.ts).
  const stopMaintenance = startDbMaintenance({ intervalMs: 10 * 60_000 });
  log().info({ port: e.port, database: getProcessState("db")?.kind, redis: !!redis }, "listening");
  console.log(`Inbox ready on ${e.appUrl}`);
  if (e.mode === "demo") {
    console.log("Demo logins (password: %s):", DEMO_PASSWORD);
    for (const a of demoAccounts) for (const u of a.agents) console.log(`  ${a.name.padEnd(7)} ${u.email} (${u.role})`);
    if (demoPlatform) console.log(`Replies go to the demo's local stand-in for Facebook and Zalo (${demoPlatform.url}); set FACEBOOK_GRAPH_API_URL / ZALO_API_URL to use real ones.`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log().info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    stopSweeper();
    stopSnoozeSweeper();
    // Closes the http server too (no new connections) but waits for the open ones; webhooks already
    // being stored get their answers before the rest are cut.
    const closed = io.close();
    await settleWebhooks(5_000);
    http.closeAllConnections();
    await closed;
    await settleBackground();
    await stopMaintenance();
    await redis?.close();
    await closeDatabase();
    await demoPlatform?.close();
    await app.close().catch(() => undefined);
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: unknown) => {
  if (err instanceof EnvError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
