export type { ChangeRef, ClientToServerEvents, InterServerEvents, Presence, ServerToClientEvents, SocketData } from "@/lib/shared/events";

export const rooms = {
  account: (accountId: string) => `account:${accountId}`,
  /** Sockets of members limited to some inboxes join one of these per inbox they may see. */
  inbox: (integrationId: string) => `inbox:${integrationId}`,
  /** Sockets that see every inbox of the account (admins, unlimited agents): inboxes connected later included. */
  allInboxes: (accountId: string) => `all-inboxes:${accountId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  member: (accountId: string, userId: string) => `member:${accountId}:${userId}`,
};

/** The inbox rooms a socket with this scope joins (computed from the session, never from the client). */
export function inboxRooms(accountId: string, scope: { all: true } | { all: false; ids: string[] }): string[] {
  return scope.all ? [rooms.allInboxes(accountId)] : scope.ids.map(rooms.inbox);
}
