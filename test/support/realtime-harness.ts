import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { createRealtimeServer } from "@/lib/server/create-realtime-server";
import { setIo, type InboxServer } from "@/lib/realtime/io";
import type { ServerToClientEvents } from "@/lib/realtime/events";

export const TEST_ORIGIN = "http://localhost:3000";

export type Recorded = { event: string; payload: unknown };
export type TestClient = { socket: Socket<ServerToClientEvents>; events: Recorded[]; close: () => void };

/** A real Socket.IO server on an ephemeral port, wired exactly as server.ts wires it. */
export async function startRealtime(
  adapter?: Parameters<InboxServer["adapter"]>[0],
): Promise<{ url: string; io: InboxServer; http: Server; stop: () => Promise<void> }> {
  const http = createServer();
  const io = createRealtimeServer(http, { allowedOrigins: [TEST_ORIGIN], ...(adapter ? { adapter } : {}) });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    http,
    stop: async () => {
      await io.close();
      setIo(undefined);
    },
  };
}

type ConnectOptions = { cookie?: string; origin?: string; transports?: ("websocket" | "polling")[]; reconnection?: boolean };

/** A real client that records every event it receives. */
export function client(url: string, opts: ConnectOptions = {}): TestClient {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const socket: Socket<ServerToClientEvents> = connect(url, {
    path: "/socket.io",
    transports: opts.transports ?? ["websocket"],
    extraHeaders: headers,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
  });
  const events: Recorded[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  return { socket, events, close: () => socket.disconnect() };
}

export function connected(c: TestClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (c.socket.connected) return resolve();
    c.socket.once("connect", () => resolve());
    c.socket.once("connect_error", (err) => reject(err));
  });
}

export function refused(c: TestClient): Promise<string> {
  return new Promise((resolve, reject) => {
    c.socket.once("connect", () => reject(new Error("connected, but should have been refused")));
    c.socket.once("connect_error", (err) => resolve(err.message));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually(check: () => boolean, ms = 2000, what = "condition"): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
