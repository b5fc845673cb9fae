import type { Server } from "socket.io";
import { getProcessState, setProcessState } from "@/lib/process-state";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "@/lib/realtime/events";

export type InboxServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;


/** The Socket.IO server of this process, if server.ts (or a test) started one. */
export function getIo(): InboxServer | undefined {
  return getProcessState("io");
}

export function setIo(io: InboxServer | undefined): void {
  setProcessState("io", io);
}
