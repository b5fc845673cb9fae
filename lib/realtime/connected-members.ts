import { getIo } from "@/lib/realtime/io";
import { rooms } from "@/lib/realtime/events";

/**
 * The members of an account with a live socket on any node (through the adapter: it asks
 * every node, so it is for background work, never a request's hot path). Without a realtime
 * server (a script), nobody is connected.
 */
export async function connectedMembers(accountId: string): Promise<Set<string>> {
  const io = getIo();
  if (!io) return new Set();
  const sockets = await io.in(rooms.account(accountId)).fetchSockets();
  return new Set(sockets.map((s) => s.data.userId).filter((id): id is string => typeof id === "string"));
}
