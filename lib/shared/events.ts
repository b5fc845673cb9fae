import type { ConversationDto, MessageDto } from "@/lib/shared/dto";

/**
 * Which committed change an event belongs to: change `seq` of inbox `inboxId`,
 * announced in `count` events. A client that holds all of them for every number up
 * to N has missed nothing of that inbox up to N (lib/shared/change-tracker.ts).
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

/** What the server keeps on each socket, from the session that connected it (never from the client). */
export type SocketData = { userId: string; accountId: string; sessionId: string; expiresAt: number };
