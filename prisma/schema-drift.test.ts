// The migrations must produce exactly schema.prisma, and must apply cleanly
// (and idempotently) on both databases the app supports.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { expect, test } from "vitest";
import { migrateDatabase } from "../scripts/db-migrate.js";
import { EMBEDDED_DATABASE_URL } from "./migration-adapters/target.js";

const TIMEOUT = 60_000;
const ROOT = path.resolve(import.meta.dirname, "..");
const PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

const migrationNames = readdirSync(path.join(ROOT, "prisma/migrations"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.join(ROOT, "prisma/migrations", e.name, "migration.sql")))
  .map((e) => e.name)
  .sort();

type MigrationRow = {
  id: string;
  migration_name: string;
  finished: boolean;
}
const MIGRATIONS_QUERY = `SELECT id, migration_name, finished_at IS NOT NULL AS finished
  FROM "_prisma_migrations" ORDER BY migration_name`;

function expectAllApplied(rows: MigrationRow[]): void {
  expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
  expect(rows.every((r) => r.finished)).toBe(true);
}

function postgresReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 5432, timeout: 1000 });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false));
    socket.once("error", () => done(false));
  });
}

test(
  "migrations match schema.prisma (prisma migrate diff --exit-code)",
  async () => {
    // The config runs `migrate diff` on in-memory PGlite: no database needed.
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          "node_modules/prisma/build/index.js",
          "migrate",
          "diff",
          "--from-migrations",
          "prisma/migrations",
          "--to-schema-datamodel",
          "prisma/schema.prisma",
          "--script",
          "--exit-code",
        ],
        {
          cwd: ROOT,
          env: { ...process.env, CHECKPOINT_DISABLE: "1", DATABASE_URL: EMBEDDED_DATABASE_URL, DATA_DIR: "memory://" },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    // --exit-code: 0 = in sync, 2 = drift (output is the missing migration), 1 = error.
    expect(
      result.code,
      `prisma/migrations disagree with schema.prisma. Create a migration from \`npm run -s db:diff\`.\n${result.output}`,
    ).toBe(0);
  },
  TIMEOUT,
);

test(
  "migrateDatabase applies every migration to a fresh PGlite directory, then is a no-op",
  async () => {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), "inbox-migrate-")), "data");
    try {
      // Opening the directory afterwards also proves the CLI left it consistent.
      const readMigrations = async () => {
        const db = new PGlite(dataDir);
        try {
          return (await db.query<MigrationRow>(MIGRATIONS_QUERY)).rows;
        } finally {
          await db.close();
        }
      };
      await migrateDatabase({ dataDir }); // also creates the missing directory
      const first = await readMigrations();
      expectAllApplied(first);
      await migrateDatabase({ dataDir });
      expect(await readMigrations()).toEqual(first);
    } finally {
      await rm(path.dirname(dataDir), { recursive: true, force: true });
    }
  },
  TIMEOUT,
);

test.skipIf(!(await postgresReachable()))(
  "migrateDatabase creates and migrates a PostgreSQL database, then is a no-op",
  async () => {
    const database = `inbox_migrate_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${database}`;
      await migrateDatabase({ databaseUrl }); // creates the database first
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const first = (await client.query<MigrationRow>(MIGRATIONS_QUERY)).rows;
        expectAllApplied(first);
        await migrateDatabase({ databaseUrl });
        expect((await client.query<MigrationRow>(MIGRATIONS_QUERY)).rows).toEqual(first);
      } finally {
        await client.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)}`);
      await admin.end();
    }
  },
  TIMEOUT,
);
