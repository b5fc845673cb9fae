import type { Prisma } from "@/lib/generated/prisma/client";
import { unreadFor, type AttachmentDto, type Channel, type ConversationDto, type MessageDto, type ReactionDto } from "@/lib/shared/dto";
import { fileKind, fileUrl, isKeptMedia } from "@/lib/shared/file-dto";
import { isLabelColor } from "@/lib/shared/labels";

export type { AttachmentDto, Channel, ConversationDto, MessageDto, ReactionDto } from "@/lib/shared/dto";

export const conversationInclude = {
  contact: true,
  integration: { select: { channel: true, name: true, needsReauth: true, disconnectedAt: true } },
  assignee: { select: { id: true, name: true } },
  labels: { select: { label: { select: { id: true, name: true, color: true } } } },
  reads: { select: { userId: true, readCount: true } },
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
  inboundCount: number;
  status: ConversationDto["status"];
  seq: bigint | number;
  contact: { id: string; externalId: string; name: string; displayName?: string | null; avatarUrl: string | null; detailsVersion?: number };
  integration: { channel: Channel; name: string; needsReauth: boolean };
  assignee: { id: string; name: string } | null;
  failedReplies: number;
  snoozedUntil: Date | string | null;
  /** Prisma's include shape ({label}) or load-conversation.ts's flat rows. */
  labels: ({ label: LabelSource } | LabelSource)[];
  reads: { userId: string; readCount: number }[];
};

type LabelSource = { id: string; name: string; color: string };

type Extra = "createdAt" | "seq" | "attachments" | "kind" | "editedAt" | "reactions" | "replyTo" | "payload";

/** An Attachment row, with its stored file's type when there is one (Prisma's include, or load-message.ts's `mime`). */
export type AttachmentSource = {
  type: string;
  url: string | null;
  name: string | null;
  payload?: unknown;
  fileId?: string | null;
  fetchState?: string | null;
  file?: { mime: string } | null;
  mime?: string | null;
};

/** What the DTO needs of a message's attachments, for Prisma reads. */
export const attachmentInclude = {
  attachments: { include: { file: { select: { mime: true } } }, orderBy: { id: "asc" } },
} satisfies Prisma.MessageInclude;

/** A Prisma Message row with its attachments, or the SQL row of load-message.ts (same field names). */
export type MessageSource = Omit<MessageDto, Extra> & {
  createdAt: Date;
  seq: bigint | number;
  attachments: AttachmentSource[];
  kind?: string;
  senderUserId?: string | null;
  editedAt?: Date | string | null;
  reactions?: unknown;
  replyToId?: string | null;
  replyToExternalId?: string | null;
  payload?: string | null;
};

/**
 * The browser's Conversation: built here only, for API lists, /api/changes and real-time events alike.
 * `viewer`: whose unread count it carries (null in events every agent of the inbox shares).
 */
export function toConversationDto(c: ConversationSource, viewer: string | null): ConversationDto {
  const reads = Object.fromEntries(c.reads.map((r) => [r.userId, Number(r.readCount)]));
  const inboundCount = Number(c.inboundCount);
  return {
    id: c.id,
    channel: c.integration.channel,
    integrationId: c.integrationId,
    integrationName: c.integration.name,
    needsReauth: c.integration.needsReauth,
    // The name an agent gave wins over the platform's.
    contact: { id: c.contact.id, externalId: c.contact.externalId, name: c.contact.displayName || c.contact.name, avatarUrl: c.contact.avatarUrl, detailsVersion: Number(c.contact.detailsVersion ?? 0) },
    lastMessagePreview: c.lastMessagePreview,
    lastMessageAt: c.lastMessageAt.toISOString(),
    lastInboundAt: c.lastInboundAt ? c.lastInboundAt.toISOString() : null,
    unreadCount: unreadFor({ inboundCount, reads }, viewer),
    inboundCount,
    reads,
    status: c.status,
    assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name } : null,
    failedReplies: Number(c.failedReplies),
    snoozedUntil: c.snoozedUntil ? new Date(c.snoozedUntil).toISOString() : null,
    labels: c.labels.map((x) => ("label" in x ? x.label : x)).map((l) => ({ id: l.id, name: l.name, color: isLabelColor(l.color) ? l.color : "gray" })).sort((a, b) => a.name.localeCompare(b.name)),
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
    attachments: m.attachments.map(toAttachmentDto),
    kind: m.kind === "system" || m.kind === "note" ? m.kind : "message",
    senderUserId: m.senderUserId ?? null,
    editedAt: m.editedAt ? new Date(m.editedAt).toISOString() : null,
    reactions: toReactions(m.reactions),
    replyTo: m.replyToExternalId ? { id: m.replyToId ?? null, externalId: m.replyToExternalId } : null,
    payload: m.payload ?? null,
    createdAt: m.createdAt.toISOString(),
    seq: Number(m.seq),
  };
}

function toAttachmentDto(a: AttachmentSource): AttachmentDto {
  if (a.fileId) {
    const mime = a.file?.mime ?? a.mime ?? null;
    return { type: a.type, url: fileUrl(a.fileId), name: a.name, state: "stored", ...(mime ? { kind: fileKind(mime) } : {}), coordinates: null };
  }
  // The platform's media URL stays on the server: the browser gets a state until Inbox holds a copy.
  if (isKeptMedia(a.type)) return { type: a.type, url: null, name: a.name, state: a.fetchState === "pending" ? "pending" : "unavailable", coordinates: null };
  const p = a.payload as { latitude?: unknown; longitude?: unknown } | null | undefined;
  const coordinates = a.type === "location" && typeof p?.latitude === "number" && typeof p.longitude === "number" ? { latitude: p.latitude, longitude: p.longitude } : null;
  return { type: a.type, url: a.url, name: a.name, coordinates };
}

/** {customer: {emoji, at}, business: {...}} as stored; withdrawn ones (emoji null) are not shown. */
function toReactions(raw: unknown): ReactionDto[] {
  const value = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
  if (!value || typeof value !== "object") return [];
  const out: ReactionDto[] = [];
  for (const by of ["customer", "business"] as const) {
    const r = (value as Record<string, { emoji?: unknown } | undefined>)[by];
    if (typeof r?.emoji === "string" && r.emoji) out.push({ by, emoji: r.emoji });
  }
  return out;
}
