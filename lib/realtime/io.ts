import { getProcessState, setProcessState, type InboxServer } from "@/lib/process-state";

export type { InboxServer } from "@/lib/process-state";

/** The Socket.IO server of this process, if server.ts (or a test) started one. */
export function getIo(): InboxServer | undefined {
  return getProcessState("io");
}

export function setIo(io: InboxServer | undefined): void {
  setProcessState("io", io);
}
