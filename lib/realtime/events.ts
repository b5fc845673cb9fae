import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";

/** Everything the server may send a browser. Each goes to one account's room only. */
export type ServerToClientEvents = {
  "new-message": (payload: { conversationId: string; message: MessageDto }) => void;
  "update-conversation": (payload: { conversation: ConversationDto }) => void;
  "update-message": (payload: { conversationId: string; message: MessageDto }) => void;
};

/** Browsers send nothing the server acts on; anything they send is counted against a rate limit. */
export type ClientToServerEvents = Record<string, never>;

export type InterServerEvents = Record<string, never>;

export type SocketData = { userId: string; accountId: string; sessionId: string };

export const rooms = {
  account: (accountId: string) => `account:${accountId}`,
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  member: (accountId: string, userId: string) => `member:${accountId}:${userId}`,
};
