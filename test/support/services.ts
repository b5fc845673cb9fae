import net from "node:net";

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Under REQUIRE_SERVICES=1 (CI) a missing service fails the run instead of skipping. */
export const requireServices = process.env.REQUIRE_SERVICES === "1";

export function reachable(url: string, fallbackPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || "127.0.0.1", port: Number(u.port) || fallbackPort });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function servicesAvailable(): Promise<{ postgres: boolean; redis: boolean }> {
  const [postgres, redis] = await Promise.all([reachable(POSTGRES_URL, 5432), reachable(REDIS_URL, 6379)]);
  if (requireServices && (!postgres || !redis)) {
    throw new Error(`REQUIRE_SERVICES=1 but ${!postgres ? "PostgreSQL" : "Redis"} is not reachable`);
  }
  return { postgres, redis };
}
