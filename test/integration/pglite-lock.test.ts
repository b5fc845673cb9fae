import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeDatabase, openDatabase } from "@/lib/open-database";
import { systemDb } from "@/lib/db";
import { DatabaseInUseError, lockDataDir } from "@/lib/pglite-lock";
import { migrateDatabase } from "../../scripts/db-migrate";

// A PGlite directory belongs to one process: the CLI must refuse one a server holds.
let dir = "";
let dataDir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "inbox-lock-"));
  dataDir = path.join(dir, "data");
  await migrateDatabase({ dataDir, quiet: true });
  await openDatabase({ dataDir });
}, 120_000);
afterAll(async () => {
  await closeDatabase();
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("exit", (code) => resolve({ code, stderr }));
  });
}

test("the admin CLI refuses an embedded database another process holds, in one line, and changes nothing", async () => {
  const accounts = await systemDb().account.count();
  const r = await run(["scripts/admin.ts", "create-account", "--name", "Sneaky"], { DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "test" });
  expect(r.code).toBe(3);
  expect(r.stderr).toContain(`is in use by process ${process.pid}`);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  // The holder still works, and nothing was written under it.
  expect(await systemDb().account.count()).toBe(accounts);
}, 60_000);

test("a lock left by a process that died is taken over; the holder's own re-lock is allowed", async () => {
  const other = path.join(dir, "other");
  // A pid that cannot be alive (beyond pid_max).
  await writeFile(`${other}.lock`, "4194305");
  expect(() => lockDataDir(other)).not.toThrow();
  expect(() => lockDataDir(dataDir)).not.toThrow();
  const held = path.join(dir, "held");
  await writeFile(`${held}.lock`, String(process.ppid));
  expect(() => lockDataDir(held)).toThrow(DatabaseInUseError);
});
