// npm run demo:seed — the demo data of CONTRACT §4 into the configured database; idempotent.
import { env } from "@/lib/env";
import { closeDatabase, openDatabase } from "@/lib/open-database";
import { demoAccounts, DEMO_PASSWORD, seedDemo } from "@/lib/demo/seed-demo";
import { migrateDatabase } from "./db-migrate";

const e = env();
await migrateDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir });
await openDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir });
try {
  await seedDemo();
  console.log(`Seeded ${demoAccounts.length} demo accounts (password: ${DEMO_PASSWORD}).`);
} finally {
  await closeDatabase();
}
