import { db } from "@/lib/db";
import { toConversationDto, toMessageDto, type ConversationDto, type ConversationSource, type MessageDto, type MessageSource } from "@/lib/inbox/dto";
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
  const conversations = (await Promise.all([...new Set(a.changes.conversationIds)].map((conversationId) => loadConversation({ accountId: a.accountId, conversationId })))).filter((x) => x !== null);
  const change = { inboxId: a.integrationId, seq: a.seq, count: messages.length + conversations.length };
  // Emitted together, in one tick: a socket gets all of a change or the tail of it is cut with the connection.
  const emitter = toAccount(a.accountId);
  for (const m of messages) emitter.emit(fresh.has(m.id) ? "new-message" : "update-message", { conversationId: m.conversationId, message: m, change });
  for (const conversation of conversations) emitter.emit("update-conversation", { conversation, change });
}

// One round trip each (Prisma's includes would take two and three), on the hot path of every webhook.
// The rows carry the Prisma payload's field names, so toConversationDto / toMessageDto build both.

/** json columns come parsed from pg and as text from some drivers. */
const json = <T>(value: T | string | null, empty: T): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value ?? empty));

type MessageRow = Omit<MessageSource, "attachments"> & { attachments: MessageSource["attachments"] | string | null };

async function loadMessage(accountId: string, id: string): Promise<MessageDto | null> {
  const [m] = await db().$queryRaw<MessageRow[]>`
    SELECT m."id", m."conversationId", m."integrationId", m."direction"::text AS "direction", m."text", m."status"::text AS "status",
      m."externalId", m."error", m."errorCode", m."createdAt", m."seq",
      (SELECT json_agg(json_build_object('type', a."type"::text, 'url', a."url", 'name', a."name") ORDER BY a."id")
         FROM "Attachment" a WHERE a."messageId" = m."id") AS "attachments"
    FROM "Message" m WHERE m."id" = ${id} AND m."accountId" = ${accountId}`;
  if (!m) return null;
  return toMessageDto({ ...m, attachments: json(m.attachments, []), createdAt: new Date(m.createdAt) });
}

type ConversationRow = Omit<ConversationSource, "contact" | "integration"> & {
  contact: ConversationSource["contact"] | string;
  integration: ConversationSource["integration"] | string;
};

export async function loadConversation(opts: { accountId: string; conversationId: string }): Promise<ConversationDto | null> {
  const [c] = await db().$queryRaw<ConversationRow[]>`
    SELECT c."id", c."integrationId", c."lastMessagePreview", c."lastMessageAt", c."unreadCount", c."status"::text AS "status", c."seq",
      json_build_object('id', ct."id", 'externalId', ct."externalId", 'name', ct."name", 'avatarUrl', ct."avatarUrl") AS "contact",
      json_build_object('channel', i."channel"::text, 'name', i."name", 'needsReauth', i."needsReauth") AS "integration"
    FROM "Conversation" c
    JOIN "Contact" ct ON ct."id" = c."contactId"
    JOIN "Integration" i ON i."id" = c."integrationId"
    WHERE c."id" = ${opts.conversationId} AND c."accountId" = ${opts.accountId}`;
  if (!c) return null;
  return toConversationDto({
    ...c,
    contact: json(c.contact, null as never),
    integration: json(c.integration, null as never),
    lastMessageAt: new Date(c.lastMessageAt),
  });
}
