import type { AsyncLocalStorage } from "node:async_hooks";
import type pino from "pino";
import type { Server } from "socket.io";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "@/lib/shared/events";


// The slots' types are declared here (their modules re-export them), so this module depends on no other lib/ folder.
/** `prisma` is scoped to the current account by row-level security; `system` crosses accounts (lib/db.ts systemDb). */
export type Database = {
  prisma: PrismaClient;
  system: PrismaClient;
  kind: "postgres" | "pglite";
  /** The webhook fast path's one statement, `inbox_ingest($1)`, straight on the driver (lib/inbox/fast-ingest.ts). */
  ingest: (items: string) => Promise<unknown>;
  close: () => Promise<void>;
};
export type InboxServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RequestContext = { requestId: string; clientIp: string };
export type Bucket = { tokens: number; at: number };


/**
 * Everything this process holds beyond one request. It lives on globalThis
 * because server.ts and each of Next's bundles load their own copies of modules
 * (ARCHITECTURE.md convention 10): a module-level variable would exist once per
 * bundle. One slot, typed keys. A slot whose type belongs to a module this one
 * must not import (it would close an import cycle) is added by that module with
 * `declare module "@/lib/process-state" { interface ProcessState { ... } }`.
 */
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- an interface, so that owners can add slots
export interface ProcessState {
  /** The Prisma client (lib/open-database.ts sets it, lib/db.ts reads it). */
  db: Database;
  /** The Socket.IO server, when server.ts or a test started one. */
  io: InboxServer;
  /** Pings the Redis of the Socket.IO adapter, when REDIS_URL is set (lib/health.ts). */
  redisPing: () => Promise<unknown>;
  /** Work that must not delay a webhook answer (lib/inbox/run-in-background.ts). */
  background: Set<Promise<unknown>>;
  /** Token buckets by limiter name, then key (lib/http/rate-limit.ts). */
  rateLimits: Map<string, Map<string, Bucket>>;
  /** The request id and client address of the request being served (lib/request-context.ts). */
  requestContext: AsyncLocalStorage<RequestContext>;
  logger: pino.Logger;
  /** The scrypt hash an unknown email is checked against (lib/auth/password.ts). */
  dummyHash: Promise<string>;
}

type Key = keyof ProcessState;

declare global {
  var __inboxState: Partial<ProcessState> | undefined;
}

const slots = (): Partial<ProcessState> => (globalThis.__inboxState ??= {});

export function getProcessState<K extends Key>(key: K): ProcessState[K] | undefined {
  return slots()[key];
}

export function setProcessState<K extends Key>(key: K, value: ProcessState[K] | undefined): void {
  if (value === undefined) delete slots()[key];
  else slots()[key] = value;
}

/** The slot's value, created on first use. */
export function ensureProcessState<K extends Key>(key: K, create: () => ProcessState[K]): ProcessState[K] {
  const current = slots()[key];
  if (current !== undefined) return current;
  const created = create();
  slots()[key] = created;
  return created;
}

/**
 * Forgets everything but the open handles (database, Socket.IO server, Redis
 * ping), which their owners close: a test starts from fresh buckets, logger and
 * background set without leaking connections.
 */
export function resetProcessStateForTests(): void {
  const { db, io, redisPing, requestContext } = slots();
  globalThis.__inboxState = { ...(db && { db }), ...(io && { io }), ...(redisPing && { redisPing }), ...(requestContext && { requestContext }) };
}
