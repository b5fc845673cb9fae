import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../scripts/db-migrate";
import { servicesAvailable } from "./support/services";

/** One migrated PGlite directory; every test file copies it instead of migrating (6 s) again. */
export default async function setup(project: TestProject) {
  const services = await servicesAvailable();
  const root = await mkdtemp(path.join(os.tmpdir(), "inbox-test-"));
  const template = path.join(root, "template");
  await migrateDatabase({ dataDir: template, quiet: true });
  project.provide("pgliteTemplate", template);
  project.provide("postgresAvailable", services.postgres);
  project.provide("redisAvailable", services.redis);
  return async () => {
    await rm(root, { recursive: true, force: true });
    if (process.env.FILES_DIR) await rm(process.env.FILES_DIR, { recursive: true, force: true });
  };
}

// Module augmentation needs an interface.
declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresAvailable: boolean;
    redisAvailable: boolean;
  }
}
