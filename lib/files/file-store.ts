import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";

/**
 * Where file bytes live. Local disk by default; the interface is small so that an
 * S3-compatible bucket can stand in. Keys are ids Inbox made, never names from a request.
 */
export type FileStore = {
  put(key: string, bytes: Buffer): Promise<void>;
  /** null when the key holds nothing. */
  get(key: string): Promise<Buffer | null>;
  remove(key: string): Promise<void>;
};

const KEY = /^[a-z0-9]{8,64}$/;

function checked(key: string): string {
  if (!KEY.test(key)) throw new Error(`bad file key ${JSON.stringify(key)}`);
  return key;
}

/** Files under `dir/<two chars>/<key>`; a write lands whole or not at all (temp file, then rename). */
export function localDiskStore(dir: string): FileStore {
  const where = (key: string) => path.join(dir, checked(key).slice(-2), key);
  return {
    async put(key, bytes) {
      const file = where(key);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(tmp, bytes, { flag: "wx" });
      await rename(tmp, file);
    },
    async get(key) {
      try {
        return await readFile(where(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async remove(key) {
      await rm(where(key), { force: true });
    },
  };
}
