import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";

/**
 * The real processes, with no env but PATH (and where the embedded database goes):
 * the server refuses to start on the demo secrets, with one line naming the variable;
 * the scripts that never serve requests still work (CONTRACT §1: `npm run demo:seed`).
 */
const root = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>, killAfterMs = 100_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env: { PATH: process.env.PATH ?? "", ...env } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    // On the old code the server would start and listen: never leave it running.
    const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.once("error", reject);
    child.once("close", (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "inbox-noenv-"));
  dirs.push(dir);
  return path.join(dir, "data");
}

test("with NODE_ENV unset and no secrets the server stops with one line naming AUTH_SECRET", async () => {
  const r = await run(["server.ts"], { DATA_DIR: await tempDataDir() }, 45_000);
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split("\n")).toEqual(["Missing environment variable AUTH_SECRET: required unless INBOX_DEMO=1 or NODE_ENV=test"]);
}, 60_000);

test("a whitespace-only FACEBOOK_APP_SECRET stops a production start", async () => {
  const r = await run(["server.ts"], { NODE_ENV: "production", DATA_DIR: await tempDataDir(), AUTH_SECRET: "x".repeat(40), FACEBOOK_APP_SECRET: "    ", FACEBOOK_VERIFY_TOKEN: "verify-token-1" }, 45_000);
  expect(r.code).toBe(1);
  expect(r.stderr.trim()).toMatch(/^Missing environment variable FACEBOOK_APP_SECRET: .*\(it is blank\)$/);
}, 60_000);

test("npm run demo:seed and the admin script work with no env at all", async () => {
  const dataDir = await tempDataDir();
  const seed = await run(["scripts/seed.ts"], { DATA_DIR: dataDir });
  expect(seed.code, seed.stderr).toBe(0);
  expect(seed.stdout).toContain("Seeded 2 demo accounts");
  const list = await run(["scripts/admin.ts", "list"], { DATA_DIR: dataDir });
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toContain("alice@acme.test");
}, 120_000);
