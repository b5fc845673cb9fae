import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";

/**
 * Which committed change an event belongs to: change `seq` of inbox `inboxId`,
 * announced in `count` events. A client that holds all of them for every number up
 * to N has missed nothing of that inbox up to N (lib/realtime/change-tracker.ts).
 */
export type ChangeRef = { inboxId: string; seq: number; count: number };

/** Everything the server may send a browser. Each goes to one account's room only. */
export type ServerToClientEvents = {
  "new-message": (payload: { conversationId: string; message: MessageDto; change: ChangeRef }) => void;
  "update-conversation": (payload: { conversation: ConversationDto; change: ChangeRef }) => void;
  "update-message": (payload: { conversationId: string; message: MessageDto; change: ChangeRef }) => void;
};

/** Browsers send nothing the server acts on; anything they send is counted against a rate limit. */
export type ClientToServerEvents = Record<string, never>;

export type InterServerEvents = Record<string, never>;

export type SocketData = { userId: string; accountId: string; sessionId: string; expiresAt: number };

export const rooms = {
  account: (accountId: string) => `account:${accountId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  member: (accountId: string, userId: string) => `member:${accountId}:${userId}`,
};
