import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

// Files the tests upload go to a scratch directory (removed by test/global-setup.ts), not the checkout's .data.
process.env.FILES_DIR ??= path.join(os.tmpdir(), `inbox-test-files-${process.pid}`);

export default defineConfig({
  resolve: { alias: [{ find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` }] },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    env: { NODE_ENV: "test", LOG_LEVEL: process.env.LOG_LEVEL ?? "silent", FILES_DIR: process.env.FILES_DIR },
  },
});
