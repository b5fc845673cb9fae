import type { Server } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "@/lib/realtime/events";

export type InboxServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

declare global {
  var __inboxIo: InboxServer | undefined;
}

/** The Socket.IO server of this process, if server.ts (or a test) started one. */
export function getIo(): InboxServer | undefined {
  return globalThis.__inboxIo;
}

export function setIo(io: InboxServer | undefined): void {
  globalThis.__inboxIo = io;
}
