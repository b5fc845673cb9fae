import { db } from "@/lib/db";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import { toAccount } from "@/lib/realtime/to-account";

export type Changes = {
  newMessageIds: string[];
  updatedMessageIds: string[];
  conversationIds: string[];
};

export const noChanges = (): Changes => ({ newMessageIds: [], updatedMessageIds: [], conversationIds: [] });

/** After commit: tell the owning account what changed, and only that account. */
export async function announce(accountId: string, changes: Changes): Promise<void> {
  const emitter = toAccount(accountId);
  const fresh = new Set(changes.newMessageIds);
  const messages = await Promise.all([...changes.newMessageIds, ...changes.updatedMessageIds].map((id) => loadMessage(accountId, id)));
  for (const m of messages.filter((x) => x !== null).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
    emitter.emit(fresh.has(m.id) ? "new-message" : "update-message", { conversationId: m.conversationId, message: m });
  }
  for (const id of new Set(changes.conversationIds)) {
    const conversation = await loadConversation(accountId, id);
    if (conversation) emitter.emit("update-conversation", { conversation });
  }
}

// One round trip each (Prisma's includes would take two and three), on the hot path of every webhook.

type MessageRow = Omit<MessageDto, "createdAt" | "attachments"> & { createdAt: Date; attachments: MessageDto["attachments"] | string | null };

async function loadMessage(accountId: string, id: string): Promise<MessageDto | null> {
  const [m] = await db().$queryRaw<MessageRow[]>`
    SELECT m."id", m."conversationId", m."direction"::text AS "direction", m."text", m."status"::text AS "status",
      m."externalId", m."error", m."errorCode", m."createdAt",
      (SELECT json_agg(json_build_object('type', a."type"::text, 'url', a."url", 'name', a."name") ORDER BY a."id")
         FROM "Attachment" a WHERE a."messageId" = m."id") AS "attachments"
    FROM "Message" m WHERE m."id" = ${id} AND m."accountId" = ${accountId}`;
  if (!m) return null;
  const attachments = typeof m.attachments === "string" ? (JSON.parse(m.attachments) as MessageDto["attachments"]) : (m.attachments ?? []);
  return { ...m, attachments, createdAt: new Date(m.createdAt).toISOString() };
}

type ConversationRow = {
  id: string;
  channel: ConversationDto["channel"];
  integrationId: string;
  integrationName: string;
  needsReauth: boolean;
  contactId: string;
  contactExternalId: string;
  contactName: string;
  contactAvatarUrl: string | null;
  lastMessagePreview: string;
  lastMessageAt: Date;
  unreadCount: number;
  status: ConversationDto["status"];
};

export async function loadConversation(accountId: string, id: string): Promise<ConversationDto | null> {
  const [c] = await db().$queryRaw<ConversationRow[]>`
    SELECT c."id", i."channel"::text AS "channel", c."integrationId", i."name" AS "integrationName", i."needsReauth",
      ct."id" AS "contactId", ct."externalId" AS "contactExternalId", ct."name" AS "contactName", ct."avatarUrl" AS "contactAvatarUrl",
      c."lastMessagePreview", c."lastMessageAt", c."unreadCount", c."status"::text AS "status"
    FROM "Conversation" c
    JOIN "Contact" ct ON ct."id" = c."contactId"
    JOIN "Integration" i ON i."id" = c."integrationId"
    WHERE c."id" = ${id} AND c."accountId" = ${accountId}`;
  if (!c) return null;
  return {
    id: c.id,
    channel: c.channel,
    integrationId: c.integrationId,
    integrationName: c.integrationName,
    needsReauth: c.needsReauth,
    contact: { id: c.contactId, externalId: c.contactExternalId, name: c.contactName, avatarUrl: c.contactAvatarUrl },
    lastMessagePreview: c.lastMessagePreview,
    lastMessageAt: new Date(c.lastMessageAt).toISOString(),
    unreadCount: Number(c.unreadCount),
    status: c.status,
  };
}
