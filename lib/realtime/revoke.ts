import { getIo } from "@/lib/realtime/io";
import { inboxRooms, rooms } from "@/lib/realtime/events";
import { toMember } from "@/lib/realtime/to-account";

// Through the adapter these reach the sockets on every node (this node's at once, synchronously).

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

/** A member's sockets in this account leave every inbox room of it: from now on they hear nothing of any inbox. */
export function leaveInboxRooms(opts: { accountId: string; userId: string; integrationIds: string[] }): void {
  getIo()
    ?.in(rooms.member(opts.accountId, opts.userId))
    .socketsLeave([rooms.allInboxes(opts.accountId), ...opts.integrationIds.map(rooms.inbox)]);
}

/**
 * After a change of a member's inboxes: their sockets leave every inbox room and join those
 * of the new scope, then are told to reload what they show (and catch up what they missed).
 */
export function syncInboxRooms(opts: { accountId: string; userId: string; integrationIds: string[]; scope: { all: true } | { all: false; ids: string[] } }): void {
  leaveInboxRooms(opts);
  const join = inboxRooms(opts.accountId, opts.scope);
  if (join.length) getIo()?.in(rooms.member(opts.accountId, opts.userId)).socketsJoin(join);
  toMember(opts.accountId, opts.userId).emit("inboxes-changed");
}
