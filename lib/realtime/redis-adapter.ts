import { createClient } from "redis";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { log } from "@/lib/log";

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
  globalThis.__inboxRedisPing = () => client.ping();
  return {
    adapter: createAdapter(client),
    close: async () => {
      globalThis.__inboxRedisPing = undefined;
      await client.close().catch(() => client.destroy());
    },
  };
}
