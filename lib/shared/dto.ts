// The shapes the browser receives (API responses and real-time events). Types only: the client imports them.

import type { Channel } from "./channel-ids";
import type { ConversationStatus, LabelDto } from "./labels";

export type { Channel };
export type { ConversationStatus, LabelDto };

export type AttachmentDto = {
  type: string;
  /**
   * Media (image, video, audio, file, sticker): the app's own /api/files/<id> once Inbox keeps a
   * copy, else null; the platform's URL never reaches the browser. A link, fallback or location:
   * where it points (opened only when the agent follows it).
   */
  url: string | null;
  name: string | null;
  /** Media only: being downloaded, kept (url serves it), or not obtainable. */
  state?: "pending" | "stored" | "unavailable";
  /** Stored media: what the bytes are (sniffed), which may differ from what the platform said. */
  kind?: "image" | "video" | "audio" | "file";
  /** A location's coordinates (the thread links them to a map). */
  coordinates?: { latitude: number; longitude: number } | null;
};

/** A reaction on a message, by the customer or by the page / OA. */
export type ReactionDto = { by: "customer" | "business"; emoji: string };

export type MessageDto = {
  id: string;
  conversationId: string;
  /** The inbox (integration) the message belongs to; `seq` counts within it. */
  integrationId: string;
  direction: "inbound" | "outbound";
  text: string;
  status: "received" | "pending" | "sent" | "delivered" | "read" | "failed";
  externalId: string | null;
  error: string | null;
  errorCode: string | null;
  attachments: AttachmentDto[];
  /**
   * "system": a line about the conversation (a referral, an opt-in), not something anyone wrote;
   * "note": a private note of the team, never sent to the platform. Absent: "message".
   */
  kind?: "message" | "system" | "note";
  /** The agent who wrote an outbound message or note (names come from /api/account/members). */
  senderUserId?: string | null;
  /** When the customer last edited it; the text is the edited one. */
  editedAt?: string | null;
  reactions?: ReactionDto[];
  /** The earlier message this one replies to: our id when we hold it, and the platform's. */
  replyTo?: { id: string | null; externalId: string } | null;
  /** A quick reply's or postback's developer payload. */
  payload?: string | null;
  createdAt: string;
  /** Change number of the last change to this message: a lower one never replaces a higher one. */
  seq: number;
};

export type ConversationDto = {
  id: string;
  channel: Channel;
  integrationId: string;
  integrationName: string;
  needsReauth: boolean;
  /** `name` is the one an agent gave, else the platform's; `detailsVersion` changes when the team edits the contact (its panel reloads). */
  contact: { id: string; externalId: string; name: string; avatarUrl: string | null; detailsVersion?: number };
  lastMessagePreview: string;
  lastMessageAt: string;
  /**
   * The customer's latest message (platform time), null when they never wrote. The reply window
   * runs from it: replyWindowAt(channelMeta[channel].replyWindow, lastInboundAt) in lib/shared/reply-window.ts.
   */
  lastInboundAt: string | null;
  /**
   * Customer messages this viewer has not read (per agent: one agent reading clears nobody else's).
   * In real-time events, which every agent of the inbox shares, it counts from no read at all: the
   * client recomputes it with unreadFor() from `inboundCount` and `reads`.
   */
  unreadCount: number;
  /** Customer messages ever counted as unread in this conversation (only grows). */
  inboundCount: number;
  /** How far each member of the account who opened it has read: userId → inboundCount at that read. */
  reads: Record<string, number>;
  /** pending: waiting on the customer; snoozed: until snoozedUntil or the customer's next message. */
  status: ConversationStatus;
  /** When a snoozed conversation opens again; null unless snoozed. */
  snoozedUntil: string | null;
  /** The account's labels on it, by name. */
  labels: LabelDto[];
  /** Replies the platform refused that are not sent yet (Retry sends one again). */
  failedReplies: number;
  /** The agent who owns it, or null (unassigned). */
  assignee: { id: string; name: string } | null;
  /** Change number of the last change to this conversation: a lower one never replaces a higher one. */
  seq: number;
  /** Search results only: the newest message that matched, cut around the match (null: the contact matched). */
  match?: { messageId: string; snippet: string } | null;
};

/** One viewer's unread count; `atLeast` is what this tab already knows it read (a late event never brings back what it cleared). */
export function unreadFor(c: Pick<ConversationDto, "inboundCount" | "reads">, userId: string | null, atLeast = 0): number {
  const read = Math.max(userId ? (c.reads[userId] ?? 0) : 0, atLeast);
  return Math.max(0, c.inboundCount - read);
}
