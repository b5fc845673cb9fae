import { createClient } from "redis";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { log } from "@/lib/log";
import { setProcessState } from "@/lib/process-state";

/**
 * Several server processes act as one through Redis Streams: emits and
 * disconnectSockets() reach every node, and a Redis restart is survived (the
 * stream is re-read from the last id), which also keeps connection state recovery working.
 */
export async function createRedisAdapter(url: string) {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  });
  let lastError = "";
  client.on("error", (err: Error) => {
    if (err.message !== lastError) log().error({ err: err.message }, "redis error");
    lastError = err.message;
  });
  client.on("ready", () => {
    if (lastError) log().info("redis reconnected");
    lastError = "";
  });
  await client.connect();
  guardFireAndForget(client);
  setProcessState("redisPing", () => client.ping());
  return {
    adapter: createAdapter(client),
    close: async () => {
      setProcessState("redisPing", undefined);
      await client.close().catch(() => client.destroy());
    },
  };
}

/**
 * The adapter fires PUBLISH (heartbeats, ephemeral packets) and SET (recovery
 * sessions) without catching their promises; during a Redis outage each would be
 * an unhandled rejection, which ends a Node process. Webhooks must keep being
 * stored while Redis is away, so these two are made to log instead.
 */
function guardFireAndForget(client: ReturnType<typeof createClient>): void {
  const target = client as unknown as Record<"publish" | "set", (...args: unknown[]) => Promise<unknown>>;
  for (const method of ["publish", "set"] as const) {
    const original = target[method].bind(client);
    target[method] = (...args: unknown[]) =>
      original(...args).catch((err: unknown) => {
        log().warn({ err: (err as Error).message, command: method }, "redis command failed");
        return null;
      });
  }
}
