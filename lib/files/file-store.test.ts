import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { localDiskStore } from "@/lib/files/file-store";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test("local disk: put, get, remove; a missing key is null; no temp file is left", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "inbox-store-"));
  dirs.push(dir);
  const store = localDiskStore(dir);
  await store.put("cabc123def456", Buffer.from("bytes"));
  expect((await store.get("cabc123def456"))?.toString()).toBe("bytes");
  expect(await readdir(path.join(dir, "56"))).toEqual(["cabc123def456"]);
  await store.remove("cabc123def456");
  expect(await store.get("cabc123def456")).toBeNull();
});

test("a key that is not an id Inbox made (a path, dots, capitals) is refused before the disk is touched", async () => {
  const store = localDiskStore("/nonexistent-inbox-dir");
  for (const key of ["../../etc/passwd", "a/b", "ABCDEFGHIJ", "short", ""]) {
    await expect(store.put(key, Buffer.from("x"))).rejects.toThrow(/bad file key/);
    await expect(store.get(key)).rejects.toThrow(/bad file key/);
  }
});
