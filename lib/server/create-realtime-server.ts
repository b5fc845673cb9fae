import type { Server as HttpServer, IncomingMessage } from "node:http";
import { Server } from "socket.io";
import { log } from "@/lib/log";
import { liveSessionIds, resolveSession } from "@/lib/auth/resolve-session";
import { inboxRooms, rooms } from "@/lib/realtime/events";
import { visibleInboxes } from "@/lib/access/visible-inboxes";
import { setIo, type InboxServer } from "@/lib/realtime/io";
import { db, systemDb } from "@/lib/db";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { handlePresence } from "@/lib/server/presence";

type Options = {
  allowedOrigins: string[];
  /** A Socket.IO adapter constructor (Redis) so several nodes act as one. */
  adapter?: Parameters<InboxServer["adapter"]>[0];
};

// Presence is the only thing a browser sends: a few per conversation opened, one per 3 s of typing.
const MAX_CLIENT_EVENTS = 40;
const RATE_WINDOW_MS = 10_000;
/** How often each node re-checks its sockets' sessions: the backstop when a revocation broadcast was lost. */
export const SESSION_RECHECK_MS = 15_000;
/** setTimeout's ceiling; sessions ending later are caught by the periodic re-check. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
    // No connectionStateRecovery, on purpose: it rejoins the previous session's rooms and replays its
    // buffered packets before any middleware runs (a removed member read events without a cookie).
    // Clients catch up from the database instead (GET /api/changes), scoped by the session connecting now.
    ...(opts.adapter ? { adapter: opts.adapter } : {}),
  });

  io.use((socket, next) => {
    resolveSession({ headers: socket.request.headers })
      .then(async (session) => {
        if (!session) return next(new Error("unauthorized"));
        const [user, scope] = await asAccount(session.accountId, () =>
          Promise.all([
            db().user.findUnique({ where: { id: session.userId }, select: { name: true } }),
            visibleInboxes(db(), { accountId: session.accountId, userId: session.userId }),
          ]),
        );
        socket.data = { userId: session.userId, accountId: session.accountId, sessionId: session.sessionId, expiresAt: session.expiresAt, name: user?.name ?? "A colleague", inboxRooms: inboxRooms(session.accountId, scope) };
        next();
      })
      .catch((err: unknown) => {
        log().error({ err }, "socket auth failed");
        next(new Error("unavailable"));
      });
  });

  io.on("connection", (socket) => {
    const { userId, accountId, sessionId, expiresAt } = socket.data;
    // Rooms come from the verified session only, never from anything the client sends: its
    // inbox rooms are those of the inboxes its member may see, read in the handshake.
    void socket.join([
      rooms.account(accountId),
      rooms.user(userId),
      rooms.session(sessionId),
      rooms.member(accountId, userId),
      ...socket.data.inboxRooms,
    ]);
    // A session that ends by itself ends its sockets at that moment, not at the next request.
    const left = expiresAt - Date.now();
    if (left <= 0) return void socket.disconnect(true);
    if (left < MAX_TIMER_MS) {
      const timer = setTimeout(() => {
        log().info({ userId, accountId }, "socket disconnected: session expired");
        socket.disconnect(true);
      }, left);
      socket.once("disconnect", () => clearTimeout(timer));
    }
    handlePresence(socket);
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

  const recheck = setInterval(() => void recheckSessions(io).then(() => recheckInboxRooms(io)), SESSION_RECHECK_MS);
  recheck.unref();
  const close = io.close.bind(io);
  io.close = (fn) => {
    clearInterval(recheck);
    return close(fn);
  };

  setIo(io);
  return io;
}

/**
 * Cuts this node's sockets whose session is no longer live. Revocations already
 * reach every node through the adapter; this catches one that was lost (a Redis
 * outage at the moment of sign-out), within SESSION_RECHECK_MS.
 */
export async function recheckSessions(io: InboxServer): Promise<number> {
  const sockets = [...io.of("/").sockets.values()];
  if (!sockets.length) return 0;
  try {
    const live = await liveSessionIds([...new Set(sockets.map((s) => s.data.sessionId))]);
    let cut = 0;
    for (const s of sockets) {
      if (live.has(s.data.sessionId)) continue;
      s.disconnect(true);
      cut++;
    }
    if (cut) log().warn({ cut }, "sockets of ended sessions disconnected by the periodic re-check");
    return cut;
  } catch (err) {
    log().warn({ err: (err as Error).message }, "session re-check failed; will retry");
    return 0;
  }
}

const isInboxRoom = (room: string) => room.startsWith("inbox:") || room.startsWith("all-inboxes:");

/**
 * The backstop for inbox access, like recheckSessions for sessions: a change of a member's
 * inboxes moves their sockets' rooms on every node through the adapter at once; should that
 * broadcast be lost, this node finds its sockets whose inbox rooms are not what the database
 * says within SESSION_RECHECK_MS, and closes their connection (not a sign-out: the browser
 * reconnects, joins the right rooms and reloads).
 */
export async function recheckInboxRooms(io: InboxServer): Promise<number> {
  const sockets = [...io.of("/").sockets.values()];
  if (!sockets.length) return 0;
  try {
    const members = [...new Map(sockets.map((s) => [`${s.data.accountId} ${s.data.userId}`, s.data])).values()];
    // This node's members of every account at once: the owner's client.
    const rows = await systemDb().$queryRaw<{ accountId: string; userId: string; all: boolean; ids: string[] | null }[]>`
      SELECT m."accountId", m."userId", (m."role" = 'admin'::"Role" OR m."allInboxes") AS "all",
        (SELECT array_agg(a."integrationId" ORDER BY a."integrationId") FROM "InboxAccess" a WHERE a."membershipId" = m."id") AS "ids"
      FROM "Membership" m
      JOIN unnest(${members.map((m) => m.accountId)}::text[], ${members.map((m) => m.userId)}::text[]) AS p("accountId", "userId")
        ON p."accountId" = m."accountId" AND p."userId" = m."userId"`;
    const expected = new Map(rows.map((r) => [`${r.accountId} ${r.userId}`, new Set(inboxRooms(r.accountId, r.all ? { all: true } : { all: false, ids: r.ids ?? [] }))]));
    let cut = 0;
    for (const s of sockets) {
      const want = expected.get(`${s.data.accountId} ${s.data.userId}`) ?? new Set<string>();
      const have = [...s.rooms].filter(isInboxRoom);
      if (have.length === want.size && have.every((r) => want.has(r))) continue;
      for (const r of have) void s.leave(r);
      s.conn.close();
      cut++;
    }
    if (cut) log().warn({ cut }, "sockets in the wrong inbox rooms closed by the periodic re-check");
    return cut;
  } catch (err) {
    log().warn({ err: (err as Error).message }, "inbox access re-check failed; will retry");
    return 0;
  }
}
