import { rm } from "node:fs/promises";
import pg from "pg";
import { e2eDatabases } from "../playwright.config";

/** Leaves no database of this run behind. */
export default async function teardown() {
  await rm(e2eDatabases.pglite.dataDir, { recursive: true, force: true });
  if (process.env.E2E_POSTGRES === "0") return;
  const url = new URL(e2eDatabases.postgres.url);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect().catch(() => undefined);
  for (const db of [e2eDatabases.postgres.url, e2eDatabases.multinode.url]) {
    const name = new URL(db).pathname.slice(1);
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
  }
  await admin.end().catch(() => undefined);
}
