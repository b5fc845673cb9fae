import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { systemDb } from "@/lib/db";
import { closeDatabase, openDatabase } from "@/lib/open-database";
import { migrateDatabase } from "../../scripts/db-migrate";
import { POSTGRES_URL } from "./services";

export type DbKind = "pglite" | "postgres";

/** The databases this run covers: PGlite always, PostgreSQL when reachable (or required). */
export function databaseKinds(): DbKind[] {
  return inject("postgresAvailable") ? ["pglite", "postgres"] : ["pglite"];
}

/** A fresh, migrated database for one test file, opened as the process-wide client. */
export async function openTestDatabase(kind: DbKind): Promise<{ close: () => Promise<void>; url?: string; dataDir?: string }> {
  if (kind === "pglite") {
    const dir = await mkdtemp(path.join(os.tmpdir(), "inbox-db-"));
    const dataDir = path.join(dir, "data");
    await cp(inject("pgliteTemplate"), dataDir, { recursive: true });
    await openDatabase({ dataDir });
    return {
      dataDir,
      close: async () => {
        await closeDatabase();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `inbox_test_${process.pid}_${Date.now().toString(36)}`;
  const url = withDatabase(POSTGRES_URL, name);
  await migrateDatabase({ databaseUrl: url, quiet: true });
  await openDatabase({ databaseUrl: url, dataDir: "" });
  return {
    url,
    close: async () => {
      await closeDatabase();
      await dropDatabase(name);
    },
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(POSTGRES_URL, "postgres") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Row counts that prove a refusal stored nothing. */
export async function counts() {
  const [contacts, conversations, messages, attachments] = await Promise.all([
    systemDb().contact.count(),
    systemDb().conversation.count(),
    systemDb().message.count(),
    systemDb().attachment.count(),
  ]);
  return { contacts, conversations, messages, attachments };
}
