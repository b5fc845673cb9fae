import type { Prisma } from "@/lib/generated/prisma/client";
import type { Channel, ConversationDto, MessageDto } from "@/lib/shared/dto";

export type { AttachmentDto, Channel, ConversationDto, MessageDto } from "@/lib/shared/dto";

export const conversationInclude = {
  contact: true,
  integration: { select: { channel: true, name: true, needsReauth: true } },
  assignee: { select: { id: true, name: true } },
} satisfies Prisma.ConversationInclude;

/**
 * What a ConversationDto is built from: a Prisma row with conversationInclude, or
 * the one-round-trip SQL rows of lib/inbox/load-conversation.ts and load-message.ts (same field names).
 */
export type ConversationSource = {
  id: string;
  integrationId: string;
  lastMessagePreview: string;
  lastMessageAt: Date;
  lastInboundAt: Date | null;
  unreadCount: number;
  status: ConversationDto["status"];
  seq: bigint | number;
  contact: { id: string; externalId: string; name: string; avatarUrl: string | null };
  integration: { channel: Channel; name: string; needsReauth: boolean };
  assignee: { id: string; name: string } | null;
  failedReplies: number;
};

export type MessageSource = Omit<MessageDto, "createdAt" | "seq" | "attachments"> & {
  createdAt: Date;
  seq: bigint | number;
  attachments: { type: string; url: string | null; name: string | null }[];
};

/** The browser's Conversation: built here only, for API lists, /api/changes and real-time events alike. */
export function toConversationDto(c: ConversationSource): ConversationDto {
  return {
    id: c.id,
    channel: c.integration.channel,
    integrationId: c.integrationId,
    integrationName: c.integration.name,
    needsReauth: c.integration.needsReauth,
    contact: { id: c.contact.id, externalId: c.contact.externalId, name: c.contact.name, avatarUrl: c.contact.avatarUrl },
    lastMessagePreview: c.lastMessagePreview,
    lastMessageAt: c.lastMessageAt.toISOString(),
    lastInboundAt: c.lastInboundAt ? c.lastInboundAt.toISOString() : null,
    unreadCount: Number(c.unreadCount),
    status: c.status,
    assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name } : null,
    failedReplies: Number(c.failedReplies),
    seq: Number(c.seq),
  };
}

/** The browser's Message: built here only. */
export function toMessageDto(m: MessageSource): MessageDto {
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
