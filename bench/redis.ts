// Redis for the two-node phase: a logical database of its own for this run, and Redis's CPU time.
import { createClient } from "redis";
import { onCleanup } from "./util";

export const REDIS_BASE_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

// What the app's adapter (lib/realtime/redis-adapter.ts, @socket.io/redis-streams-adapter defaults)
// writes: one stream and one key per recoverable session. The app has no prefix setting.
const STREAM = "socket.io";
const SESSIONS = "sio:session:*";
const CLAIM = "inbox-bench:claim";

type Client = ReturnType<typeof createClient>;

export type BenchRedis = {
  /** REDIS_URL for the nodes: the base URL with this run's database index. */
  url: string;
  db: number;
  /** Redis server CPU (user + system, ms) since it started: the whole server, other users included. */
  cpuMs: () => Promise<number>;
};

function withDb(base: string, db: number): string {
  return Object.assign(new URL(base), { pathname: `/${db}` }).toString();
}

async function unlinkAdapterKeys(client: Client): Promise<void> {
  await client.sendCommand(["UNLINK", STREAM]);
  let cursor = "0";
  do {
    const [next, keys] = (await client.sendCommand(["SCAN", cursor, "MATCH", SESSIONS, "COUNT", "1000"])) as [string, string[]];
    cursor = next;
    if (keys.length) await client.sendCommand(["UNLINK", ...keys]);
  } while (cursor !== "0");
}

/**
 * Claims a logical database (1..15; the app and its tests use 0) for this run, so the nodes'
 * stream is theirs alone: another process on the same Redis (tests, another bench) would
 * otherwise add its broadcasts to the stream both nodes read. The claim expires on its own if
 * the run dies; whatever a dead run left there is removed first, and the adapter's keys again
 * at the end. (Pub/sub, which the adapter uses for heartbeats, ignores database indexes.)
 */
export async function claimRedis(runId: string): Promise<BenchRedis> {
  const open = async (url: string) => {
    const c = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
    c.on("error", () => undefined); // connect() rejects with it
    await c.connect().catch((err: unknown) => {
      throw new Error(`Redis at ${REDIS_BASE_URL} unreachable (${err instanceof Error ? err.message : String(err)}); BENCH_REDIS=0 skips this phase`);
    });
    return c;
  };
  for (let db = 1; db <= 15; db++) {
    const client = await open(withDb(REDIS_BASE_URL, db));
    const claimed = String(await client.sendCommand(["SET", CLAIM, runId, "NX", "EX", "900"])) === "OK";
    if (!claimed) {
      await client.close();
      continue;
    }
    await unlinkAdapterKeys(client);
    onCleanup(async () => {
      await unlinkAdapterKeys(client);
      if (String(await client.sendCommand(["GET", CLAIM])) === runId) await client.sendCommand(["DEL", CLAIM]);
      await client.close();
    });
    const cpuMs = async () => {
      const info = String(await client.sendCommand(["INFO", "cpu"]));
      const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? NaN);
      return (field("used_cpu_user") + field("used_cpu_sys")) * 1000;
    };
    return { url: withDb(REDIS_BASE_URL, db), db, cpuMs };
  }
  throw new Error("Redis: databases 1..15 are all claimed by other bench runs");
}
