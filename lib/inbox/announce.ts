import { db } from "@/lib/db";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import { toAccount } from "@/lib/realtime/to-account";

export type Changes = {
  newMessageIds: string[];
  updatedMessageIds: string[];
  conversationIds: string[];
};

export const noChanges = (): Changes => ({ newMessageIds: [], updatedMessageIds: [], conversationIds: [] });

export type Announcement = {
  accountId: string;
  integrationId: string;
  /** The change number stampChanges() gave this transaction; null: nothing changed, nothing to say. */
  seq: number | null;
  changes: Changes;
};

/**
 * After commit: tell the owning account what changed, and only that account.
 * Every event names its change (inbox, number, how many events it has), so a
 * client knows when it holds all of it and when it must catch up instead.
 */
export async function announce(a: Announcement): Promise<void> {
  if (a.seq === null) return;
  const fresh = new Set(a.changes.newMessageIds);
  const loaded = await Promise.all([...new Set([...a.changes.newMessageIds, ...a.changes.updatedMessageIds])].map((id) => loadMessage(a.accountId, id)));
  const messages = loaded.filter((x) => x !== null).sort((x, y) => x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id));
  const conversations = (await Promise.all([...new Set(a.changes.conversationIds)].map((id) => loadConversation(a.accountId, id)))).filter((x) => x !== null);
  const change = { inboxId: a.integrationId, seq: a.seq, count: messages.length + conversations.length };
  // Emitted together, in one tick: a socket gets all of a change or the tail of it is cut with the connection.
  const emitter = toAccount(a.accountId);
  for (const m of messages) emitter.emit(fresh.has(m.id) ? "new-message" : "update-message", { conversationId: m.conversationId, message: m, change });
  for (const conversation of conversations) emitter.emit("update-conversation", { conversation, change });
}

// One round trip each (Prisma's includes would take two and three), on the hot path of every webhook.

type MessageRow = Omit<MessageDto, "createdAt" | "attachments" | "seq"> & { createdAt: Date; seq: bigint | number; attachments: MessageDto["attachments"] | string | null };

async function loadMessage(accountId: string, id: string): Promise<MessageDto | null> {
  const [m] = await db().$queryRaw<MessageRow[]>`
    SELECT m."id", m."conversationId", m."integrationId", m."direction"::text AS "direction", m."text", m."status"::text AS "status",
      m."externalId", m."error", m."errorCode", m."createdAt", m."seq",
      (SELECT json_agg(json_build_object('type', a."type"::text, 'url', a."url", 'name', a."name") ORDER BY a."id")
         FROM "Attachment" a WHERE a."messageId" = m."id") AS "attachments"
    FROM "Message" m WHERE m."id" = ${id} AND m."accountId" = ${accountId}`;
  if (!m) return null;
  const attachments = typeof m.attachments === "string" ? (JSON.parse(m.attachments) as MessageDto["attachments"]) : (m.attachments ?? []);
  return { ...m, attachments, createdAt: new Date(m.createdAt).toISOString(), seq: Number(m.seq) };
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
  seq: bigint | number;
};

export async function loadConversation(accountId: string, id: string): Promise<ConversationDto | null> {
  const [c] = await db().$queryRaw<ConversationRow[]>`
    SELECT c."id", i."channel"::text AS "channel", c."integrationId", i."name" AS "integrationName", i."needsReauth",
      ct."id" AS "contactId", ct."externalId" AS "contactExternalId", ct."name" AS "contactName", ct."avatarUrl" AS "contactAvatarUrl",
      c."lastMessagePreview", c."lastMessageAt", c."unreadCount", c."status"::text AS "status", c."seq"
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
    seq: Number(c.seq),
  };
}
