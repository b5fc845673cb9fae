// npm run demo:seed — the demo data of CONTRACT §4 into the configured database; idempotent.
import { scriptEnv } from "@/lib/env";
import { closeDatabase, openDatabase } from "@/lib/open-database";
import { demoAccounts, DEMO_PASSWORD, seedDemo } from "@/lib/demo/seed-demo";
import { migrateDatabase } from "./db-migrate";

// Works on a fresh clone with no env: the demo data is sealed with AUTH_SECRET when set,
// else with the demo key, which is what `npm run demo` reads it with.
const e = scriptEnv();
await migrateDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir });
await openDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir });
try {
  await seedDemo();
  console.log(`Seeded ${demoAccounts.length} demo accounts (password: ${DEMO_PASSWORD}).`);
} finally {
  await closeDatabase();
}
