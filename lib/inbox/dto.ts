import type { Prisma } from "@/lib/generated/prisma/client";

export type { Channel } from "@/lib/channels/channel-ids";
import type { Channel } from "@/lib/channels/channel-ids";

export type AttachmentDto = { type: string; url: string | null; name: string | null };

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
  contact: { id: string; externalId: string; name: string; avatarUrl: string | null };
  lastMessagePreview: string;
  lastMessageAt: string;
  unreadCount: number;
  status: "open" | "resolved";
  /** Change number of the last change to this conversation: a lower one never replaces a higher one. */
  seq: number;
};

export const conversationInclude = {
  contact: true,
  integration: { select: { channel: true, name: true, needsReauth: true } },
} satisfies Prisma.ConversationInclude;

type ConversationRow = Prisma.ConversationGetPayload<{ include: typeof conversationInclude }>;
type MessageRow = Prisma.MessageGetPayload<{ include: { attachments: true } }>;

export function toConversationDto(c: ConversationRow): ConversationDto {
  return {
    id: c.id,
    channel: c.integration.channel,
    integrationId: c.integrationId,
    integrationName: c.integration.name,
    needsReauth: c.integration.needsReauth,
    contact: { id: c.contact.id, externalId: c.contact.externalId, name: c.contact.name, avatarUrl: c.contact.avatarUrl },
    lastMessagePreview: c.lastMessagePreview,
    lastMessageAt: c.lastMessageAt.toISOString(),
    unreadCount: c.unreadCount,
    status: c.status,
    seq: Number(c.seq),
  };
}

export function toMessageDto(m: MessageRow): MessageDto {
  return {
    id: m.id,
    conversationId: m.conversationId,
    integrationId: m.integrationId,
    direction: m.direction,
    text: m.text,
    status: m.status,
    externalId: m.externalId,
    error: m.error,
    errorCode: m.errorCode,
    attachments: m.attachments.map((a) => ({ type: a.type, url: a.url, name: a.name })),
    createdAt: m.createdAt.toISOString(),
    seq: Number(m.seq),
  };
}
