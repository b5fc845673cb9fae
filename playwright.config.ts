import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { reachable, requireServices } from "./test/support/services";
import { channelList } from "./lib/channels/metadata";

// The servers run as production: their app secret must be a real-looking one (≥ 16 characters). e2e/helpers.ts signs with it.
const E2E_APP_SECRET = "e2e-facebook-app-secret-0123";

// One id per run, inherited by the workers, so every process agrees on the databases.
process.env.E2E_RUN_ID ??= Date.now().toString(36);
const run = process.env.E2E_RUN_ID;
const pgBase = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// PostgreSQL is covered when it answers; under REQUIRE_SERVICES=1 it must.
const withPostgres = process.env.E2E_POSTGRES !== "0" && (requireServices || (await reachable(pgBase, 5432)));
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const withMultiNode = withPostgres && (requireServices || (await reachable(redisUrl, 6379)));
// E2E_PORT_BASE lets two runs share a machine (default ports 3101-3104, fake platform 3199).
const base = Number(process.env.E2E_PORT_BASE ?? 3100);
process.env.E2E_FAKE_PLATFORM = `http://127.0.0.1:${base + 99}`;
const fakePort = base + 99;
// The platforms' media CDN stand-in (issue 15), on 127.0.0.1 like a host the servers may not reach by default.
const mediaPort = base + 98;
process.env.E2E_FAKE_MEDIA = `http://127.0.0.1:${mediaPort}`;

export const e2eDatabases = {
  pglite: { port: base + 1, dataDir: path.join(os.tmpdir(), `inbox-e2e-${run}`) },
  postgres: { port: base + 2, url: Object.assign(new URL(pgBase), { pathname: `/inbox_e2e_${run}` }).toString() },
  // Two processes, one PostgreSQL database, one Redis: several nodes acting as one.
  multinode: { ports: [base + 3, base + 4], url: Object.assign(new URL(pgBase), { pathname: `/inbox_e2e_multi_${run}` }).toString() },
};

const chromium = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

function server(port: number, db: Record<string, string>, command = "node --import tsx server.ts --seed-demo") {
  return {
    command,
    url: `http://localhost:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      ...db,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      AUTH_SECRET: "e2e-auth-secret-0123456789abcdefghij",
      FACEBOOK_APP_SECRET: E2E_APP_SECRET,
      FACEBOOK_VERIFY_TOKEN: "demo-verify-token",
      // Every channel's platform API is the fake one.
      ...Object.fromEntries(channelList.flatMap((c) => c.apiUrlEnv.map((name) => [name, `http://127.0.0.1:${fakePort}`]))),
      LOG_LEVEL: "warn",
      // Inbound media comes from the fake CDN on 127.0.0.1. A production server refuses loopback;
      // MEDIA_ALLOW_LOOPBACK is honoured here only because INBOX_E2E=1 says this is the e2e run
      // (lib/env.ts). Only 127.0.0.1 is listed: nothing else on the loopback by name, no other host.
      MEDIA_HOSTS: "127.0.0.1",
      MEDIA_ALLOW_LOOPBACK: "1",
      INBOX_E2E: "1",
      MEDIA_TIMEOUT_MS: "3000",
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    trace: "retain-on-failure",
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "pglite", testIgnore: /multinode/, use: { baseURL: `http://localhost:${e2eDatabases.pglite.port}` } },
    ...(withPostgres ? [{ name: "postgres", testIgnore: /multinode/, use: { baseURL: `http://localhost:${e2eDatabases.postgres.port}` } }] : []),
    ...(withMultiNode ? [{ name: "multinode", testMatch: /multinode/, use: { baseURL: `http://localhost:${e2eDatabases.multinode.ports[0]}` } }] : []),
  ],
  webServer: [
    {
      command: "node --import tsx e2e/fake-platform-server.ts",
      url: `http://127.0.0.1:${fakePort}/__calls`,
      reuseExistingServer: false,
      env: { FAKE_PLATFORM_PORT: String(fakePort) },
    },
    {
      command: "node --import tsx e2e/fake-media-server.ts",
      url: `http://127.0.0.1:${mediaPort}/health`,
      reuseExistingServer: false,
      env: { FAKE_MEDIA_PORT: String(mediaPort) },
    },
    server(e2eDatabases.pglite.port, { DATA_DIR: e2eDatabases.pglite.dataDir }),
    ...(withPostgres ? [server(e2eDatabases.postgres.port, { DATABASE_URL: e2eDatabases.postgres.url })] : []),
    ...(withMultiNode
      ? [
          server(e2eDatabases.multinode.ports[0]!, { DATABASE_URL: e2eDatabases.multinode.url, REDIS_URL: redisUrl }),
          // The second node starts once the first has migrated and seeded the shared database.
          server(
            e2eDatabases.multinode.ports[1]!,
            { DATABASE_URL: e2eDatabases.multinode.url, REDIS_URL: redisUrl },
            `node --import tsx e2e/wait-for.ts http://localhost:${e2eDatabases.multinode.ports[0]}/api/health && node --import tsx server.ts`,
          ),
        ]
      : []),
  ],
});
