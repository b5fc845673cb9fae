import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";

export type { AttachmentDto, Channel, ConversationDto, MessageDto } from "@/lib/shared/dto";

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
