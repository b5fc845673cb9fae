// Prisma CLI configuration (loaded only by the CLI, never by the app).
// Migrations run offline through the WASM schema engine ("js" engine) and a
// driver adapter: PostgreSQL when DATABASE_URL is a real URL, embedded PGlite
// (DATA_DIR, default .data) when it is unset or the sentinel
// postgresql://embedded/pglite. See prisma/migration-adapters/.
import { defineConfig } from "prisma/config";
import {
  migrationAdapterFromEnv,
  migrationTarget,
  pgliteMigrationAdapter,
} from "./prisma/migration-adapters/index.js";

// Timers armed from WebAssembly (PGlite's setitimer emulation: 10 s
// statement/idle timeouts) keep the CLI alive long after its work is done.
// Nothing awaits them, so unref exactly those; other timers are left alone so
// that an awaited one can never let the process exit early.
type TimerFunction = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => NodeJS.Timeout;
function unrefWasmTimers(original: TimerFunction): TimerFunction {
  return (...args) => {
    const timer = original(...args);
    if (new Error().stack?.includes("wasm://")) timer.unref();
    return timer;
  };
}
globalThis.setTimeout = Object.assign(unrefWasmTimers(setTimeout), setTimeout);
globalThis.setInterval = Object.assign(unrefWasmTimers(setInterval), setInterval);

// With a driver adapter, `migrate diff` can only compare files and migrations
// (what `npm run db:diff` does): besides a version check it uses the shadow
// database alone. Don't open DATA_DIR then: the running app may hold it, and
// two PGlite instances on one directory corrupt it.
const args = process.argv.slice(2);
const isMigrateDiff = args.includes("migrate") && args.includes("diff");

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    isMigrateDiff && migrationTarget().kind === "pglite"
      ? pgliteMigrationAdapter("memory://")
      : migrationAdapterFromEnv(),
});
