// A child process that holds many idle Socket.IO clients of *another* account, so the
// benchmark can measure one account's emit latency (and the server's memory) with
// thousands of foreign sockets connected. Driven over IPC by bench/run.ts:
//   → { cmd: "grow", total, batch }   ← { type: "grown", connected, failed, errors }
//   → { cmd: "close" }                ← { type: "closed" }          (then exits)
// Any event a foreign socket receives is counted: it must stay 0 (tenant isolation).
import { io as connect, type Socket } from "socket.io-client";

type Config = { url: string; cookie?: string; origin?: string; auth?: Record<string, string> };
type Grow = { cmd: "grow"; total: number; batch: number };
type Command = Grow | { cmd: "close" } | { cmd: "stats" };

const config = JSON.parse(process.env.BENCH_FOREIGN_CONFIG ?? "{}") as Config;
const sockets: Socket[] = [];
let eventsReceived = 0;
let droppedAfterConnect = 0;

function send(msg: object): void {
  if (process.connected) process.send?.(msg);
}

function one(): Promise<Socket | string> {
  const headers: Record<string, string> = {};
  if (config.cookie) headers.cookie = config.cookie;
  if (config.origin) headers.origin = config.origin;
  const socket = connect(config.url, {
    path: "/socket.io",
    transports: ["websocket"],
    extraHeaders: headers,
    ...(config.auth ? { auth: config.auth } : {}),
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
  });
  socket.onAny(() => eventsReceived++);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      resolve("timeout");
    }, 60_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.on("disconnect", () => droppedAfterConnect++);
      resolve(socket);
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      socket.disconnect();
      resolve(err.message || "connect_error");
    });
  });
}

async function grow(g: Grow): Promise<void> {
  let failed = 0;
  const errors = new Map<string, number>();
  // Bounded: at most `total` attempts beyond what we hold, in batches of `batch` concurrent handshakes.
  let attempts = Math.max(0, g.total - sockets.length) * 2;
  while (sockets.length < g.total && attempts > 0) {
    const n = Math.min(g.batch, g.total - sockets.length, attempts);
    attempts -= n;
    const results = await Promise.all(Array.from({ length: n }, one));
    for (const r of results) {
      if (typeof r === "string") {
        failed++;
        errors.set(r, (errors.get(r) ?? 0) + 1);
      } else sockets.push(r);
    }
    if (failed > g.total / 10 + 10) break; // something is wrong: stop hammering
  }
  send({ type: "grown", connected: sockets.filter((s) => s.connected).length, failed, errors: Object.fromEntries(errors), eventsReceived, droppedAfterConnect });
}

process.on("message", (raw: unknown) => {
  const m = raw as Command;
  if (m.cmd === "grow") void grow(m);
  else if (m.cmd === "stats") send({ type: "stats", connected: sockets.filter((s) => s.connected).length, eventsReceived, droppedAfterConnect });
  else if (m.cmd === "close") {
    for (const s of sockets) s.disconnect();
    send({ type: "closed", eventsReceived, droppedAfterConnect });
    setTimeout(() => process.exit(0), 200);
  }
});
// The parent went away: never linger.
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
