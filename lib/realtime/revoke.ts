import { getIo } from "@/lib/realtime/io";
import { rooms } from "@/lib/realtime/events";

// Through the adapter these reach the sockets on every node.

export async function disconnectSession(sessionId: string): Promise<void> {
  getIo()?.in(rooms.session(sessionId)).disconnectSockets(true);
}

export async function disconnectUserFromAccount(userId: string, accountId: string): Promise<void> {
  getIo()?.in(rooms.member(accountId, userId)).disconnectSockets(true);
}

/** Every socket of a user, in every account (a password reset ends all their sessions). */
export async function disconnectUser(userId: string): Promise<void> {
  getIo()?.in(rooms.user(userId)).disconnectSockets(true);
}
