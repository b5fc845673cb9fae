import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import type { NotificationPreferences } from "@/lib/shared/notification-preferences";

/**
 * Which committed change an event belongs to: change `seq` of inbox `inboxId`,
 * announced in `count` events. A client that holds all of them for every number up
 * to N has missed nothing of that inbox up to N (lib/shared/change-tracker.ts).
 */
export type ChangeRef = { inboxId: string; seq: number; count: number };

/** Everything the server may send a browser. Conversation events go to their inbox's sockets only (lib/realtime/to-account.ts). */
export type ServerToClientEvents = {
  "new-message": (payload: { conversationId: string; message: MessageDto; change: ChangeRef }) => void;
  "update-conversation": (payload: { conversation: ConversationDto; change: ChangeRef }) => void;
  "update-message": (payload: { conversationId: string; message: MessageDto; change: ChangeRef }) => void;
  /** A colleague opened, typed in, or left a conversation of this account (never stored; no change number). */
  presence: (payload: Presence) => void;
  /** An admin changed the inboxes this member works in: the socket's rooms already follow; reload what is shown. */
  "inboxes-changed": () => void;
  /** A member's availability, role or membership changed: reload the account's member list (it carries nothing). */
  "members-changed": () => void;
  /** A page or OA was connected, renamed or disconnected: reload the lists and the open conversation (it carries nothing). */
  "integrations-changed": () => void;
  /** A colleague's note mentions this member (sent to that member's sockets in this account only). */
  mention: (payload: Mention) => void;
  /** This member read mentions (in another tab, say): reload the notification centre (it carries nothing). */
  "mentions-changed": () => void;
  /** This member changed their notification preferences (in another tab, say). */
  "preferences-changed": (payload: { preferences: NotificationPreferences }) => void;
};

/** A note that mentions the member: the stored mention's id, where, which note, who wrote it, its start, and when. */
export type Mention = { id: string; conversationId: string; messageId: string; by: { id: string; name: string }; excerpt: string; createdAt: string };

/** One tab's presence in one conversation; `key` tells two tabs of one agent apart. */
export type Presence = { conversationId: string; userId: string; name: string; key: string; state: "viewing" | "typing" | "left" };

/**
 * What a browser may send: where it is and whether its agent is typing. The server checks
 * the conversation belongs to the socket's account before telling that account; anything
 * a browser sends is counted against a rate limit.
 */
export type ClientToServerEvents = {
  presence: (payload: { conversationId: string | null; typing: boolean }) => void;
};

export type InterServerEvents = Record<string, never>;

/** What the server keeps on each socket, from the session that connected it (never from the client). */
export type SocketData = {
  userId: string;
  accountId: string;
  sessionId: string;
  expiresAt: number;
  /** The inbox rooms the handshake joined, from the member's inbox access. */
  inboxRooms: string[];
  /** The agent's name, for presence. */
  name: string;
  /** The conversation this tab shows (checked to be the account's), for presence. */
  viewing?: string | undefined;
};
