import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * A PGlite directory belongs to one process: two on one directory corrupt it. The process
 * that opens (or migrates) it writes its pid to `<dir>.lock` beside it; another process
 * finding a live pid there is refused with who holds it. A lock whose process died is
 * taken over. Re-entrant within a process (the server migrates, then opens).
 */
export class DatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database ${dataDir} is in use by process ${pid} (a running Inbox server?). ` +
        "A PGlite directory belongs to one process: stop that process first, or do this from the running app (Settings) instead.",
    );
  }
}

const held = new Set<string>();

const lockPath = (dataDir: string) => `${path.resolve(dataDir)}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but is not ours to signal.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockDataDir(dataDir: string): void {
  const file = lockPath(dataDir);
  if (held.has(file)) return;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(file);
      process.once("exit", () => rmSync(file, { force: true }));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (pid === process.pid) return void held.add(file);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new DatabaseInUseError(dataDir, pid);
      // Left by a process that died (SIGKILL, a crash): take it over.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

export function unlockDataDir(dataDir: string): void {
  const file = lockPath(dataDir);
  if (!held.delete(file)) return;
  rmSync(file, { force: true });
}
