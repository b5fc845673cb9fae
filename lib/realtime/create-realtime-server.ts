import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server } from "socket.io";
import { log } from "@/lib/log";
import { resolveSession } from "@/lib/auth/resolve-session";
import { rooms } from "@/lib/realtime/events";
import { setIo, type InboxServer } from "@/lib/realtime/io";

type Options = {
  allowedOrigins: string[];
  /** A Socket.IO adapter constructor (Redis) so several nodes act as one. */
  adapter?: Parameters<InboxServer["adapter"]>[0];
};

const MAX_CLIENT_EVENTS = 20;
const RATE_WINDOW_MS = 10_000;

/** An Origin header, when a browser sends one, must be ours (WebSocket ignores CORS). */
export function isAllowedOrigin(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  return origin === undefined || allowed.includes(origin);
}

export function createRealtimeServer(http: HttpServer, opts: Options): InboxServer {
  const io: InboxServer = new Server(http, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, callback) => {
      const ok = isAllowedOrigin(req, opts.allowedOrigins);
      if (!ok) log().warn({ origin: req.headers.origin }, "socket refused: origin");
      callback(ok ? null : "origin not allowed", ok);
    },
    // Recovery must run the auth middleware again, or a revoked session could be recovered into its rooms.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    ...(opts.adapter ? { adapter: opts.adapter } : {}),
  });

  io.use((socket, next) => {
    resolveSession({ headers: socket.request.headers })
      .then((session) => {
        if (!session) return next(new Error("unauthorized"));
        socket.data = { userId: session.userId, accountId: session.accountId, sessionId: session.sessionId };
        next();
      })
      .catch((err: unknown) => {
        log().error({ err }, "socket auth failed");
        next(new Error("unavailable"));
      });
  });

  io.on("connection", (socket) => {
    const { userId, accountId, sessionId } = socket.data;
    // Rooms come from the verified session only, never from anything the client sends.
    void socket.join([
      rooms.account(accountId),
      rooms.user(userId),
      rooms.session(sessionId),
      rooms.member(accountId, userId),
    ]);
    let count = 0;
    let windowStart = Date.now();
    socket.onAny(() => {
      const now = Date.now();
      if (now - windowStart > RATE_WINDOW_MS) {
        windowStart = now;
        count = 0;
      }
      if (++count > MAX_CLIENT_EVENTS) {
        log().warn({ userId, accountId }, "socket disconnected: too many client events");
        socket.disconnect(true);
      }
    });
  });

  setIo(io);
  return io;
}
