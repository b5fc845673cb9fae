import { db, systemDb } from "@/lib/db";
import { getProcessState } from "@/lib/process-state";


const within = <T,>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);

/** The database answers, and Redis too when several nodes share it. */
export async function checkHealth(): Promise<{ ok: boolean; database: "ok" | "down"; redis: "ok" | "down" | "off" }> {
  // Both clients: the app's (its role, its pool) can fail where the owner's does not.
  const database = await within(Promise.all([systemDb().$queryRaw`SELECT 1`, db().$queryRaw`SELECT 1`]), 2000).then(() => "ok" as const, () => "down" as const);
  const ping = getProcessState("redisPing");
  const redis = ping ? await within(ping(), 2000).then(() => "ok" as const, () => "down" as const) : ("off" as const);
  return { ok: database === "ok" && redis !== "down", database, redis };
}
