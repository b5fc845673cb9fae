export type { ChangeRef, ClientToServerEvents, InterServerEvents, Presence, ServerToClientEvents, SocketData } from "@/lib/shared/events";


export const rooms = {
  account: (accountId: string) => `account:${accountId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  member: (accountId: string, userId: string) => `member:${accountId}:${userId}`,
};
