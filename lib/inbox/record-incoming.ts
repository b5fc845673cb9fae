import { createId } from "@/lib/inbox/create-id";
import { db, type Tx } from "@/lib/db";
import type { IncomingEvent } from "@/lib/channels/types";
import { isVisitorKey } from "@/lib/channels/visitor-key";
import { noChanges, type Changes } from "@/lib/inbox/announce";
import { previewOf } from "@/lib/inbox/preview";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import { bumpConversation } from "@/lib/inbox/bump-conversation";
import { wakeOnCustomerMessage } from "@/lib/inbox/wake-snoozed";
import { isKeptMedia } from "@/lib/shared/file-dto";
import { refusalBeforeFetch } from "@/lib/files/fetch-media";
import { env } from "@/lib/env";
import { asAccount } from "@/lib/tenancy/tenant-context";

export type IntegrationRef = { id: string; accountId: string };

export type RecordResult = Changes & {
  newContactIds: string[];
  /** Platform media to download after commit (lib/inbox/keep-inbound-attachments.ts). */
  newAttachmentIds: string[];
  seq: number | null;
};

type Ctx = { tx: Tx; integration: IntegrationRef; fallbackName: (externalId: string) => string; result: RecordResult };

/**
 * Stores one webhook's events for one integration in one transaction.
 * Idempotent on the platform ids: every insert is ON CONFLICT DO NOTHING on a
 * unique index, so a redelivery (or a concurrent duplicate) changes nothing.
 */
export async function recordIncoming(opts: {
  /** Resolved from the page / OA id: its accountId is the tenant of every row written. */
  integration: IntegrationRef;
  events: IncomingEvent[];
  fallbackName: (externalId: string) => string;
}): Promise<RecordResult> {
  const { integration, events, fallbackName } = opts;
  // The integration's account is the work's (already so for a webhook; the demo seed and tools call this too).
  return asAccount(integration.accountId, () => store(integration, events, fallbackName));
}

function store(integration: IntegrationRef, events: IncomingEvent[], fallbackName: (externalId: string) => string): Promise<RecordResult> {
  return db().$transaction(async (tx) => {
    const ctx: Ctx = { tx, integration, fallbackName, result: { ...noChanges(), newContactIds: [], newAttachmentIds: [], seq: null } };
    // Contact by contact, in one order for every delivery: batches naming the same
    // customers in different orders would otherwise lock their rows crosswise and
    // deadlock. Each customer's own events keep their order (the sort is stable).
    const ordered = events.filter((e) => e.kind !== "integration").sort((a, b) => (a.contactExternalId < b.contactExternalId ? -1 : a.contactExternalId > b.contactExternalId ? 1 : 0));
    for (const event of ordered) {
      switch (event.kind) {
        case "message":
          await recordMessage(ctx, event);
          break;
        case "system":
          await recordSystemLine(ctx, event);
          break;
        case "edit":
          await recordEdit(ctx, event);
          break;
        case "reaction":
          await recordReaction(ctx, event);
          break;
        case "delivery":
          await recordDelivery(ctx, event);
          break;
        case "read":
          await recordRead(ctx, event);
          break;
        case "follow":
        case "unfollow":
          await recordFollow(ctx, event);
          break;
      }
    }
    // About the integration, not a conversation: rows of their own (they reference the
    // Integration row with a key-share lock only, which stampChanges' update does not wait on).
    const integrationEvents = events.filter((e) => e.kind === "integration");
    if (integrationEvents.length) await recordIntegrationEvents(ctx, integrationEvents);
    const { newMessageIds, updatedMessageIds, conversationIds } = ctx.result;
    ctx.result.seq = await stampChanges(tx, {
      integrationId: integration.id,
      messageIds: [...newMessageIds, ...updatedMessageIds],
      conversationIds,
    });
    return ctx.result;
  });
}

/**
 * One round trip: insert the contact or find the existing one (the row lock serialises
 * concurrent first messages). The no-op update writes a non-key column on purpose:
 * rewriting a unique column takes the strongest row lock, which waits on every
 * foreign-key check of the rows that point here and deadlocked concurrent webhooks.
 */
async function ensureContact(ctx: Ctx, externalId: string): Promise<string> {
  const { tx, integration } = ctx;
  const [row] = await tx.$queryRaw<{ id: string; inserted: boolean }[]>`
    INSERT INTO "Contact" ("id", "accountId", "integrationId", "externalId", "name", "createdAt")
    VALUES (${createId()}, ${integration.accountId}, ${integration.id}, ${externalId}, ${ctx.fallbackName(externalId)}, ${new Date()}::timestamp(3))
    ON CONFLICT ("integrationId", "externalId") DO UPDATE SET "name" = "Contact"."name"
    RETURNING "id", (xmax = 0) AS "inserted"`;
  if (!row) throw new Error("contact upsert returned nothing");
  // A visitor without a platform user id has no profile to fetch.
  if (row.inserted && !isVisitorKey(externalId)) ctx.result.newContactIds.push(row.id);
  return row.id;
}

async function ensureConversation(ctx: Ctx, contactId: string): Promise<string> {
  const { tx, integration } = ctx;
  // lastMessageAt starts at the epoch so the first message always becomes the preview;
  // the no-op update touches a non-key column for the reason given on ensureContact.
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Conversation" ("id", "accountId", "integrationId", "contactId", "lastMessageAt", "createdAt")
    VALUES (${createId()}, ${integration.accountId}, ${integration.id}, ${contactId}, ${new Date(0)}::timestamp(3), ${new Date()}::timestamp(3))
    ON CONFLICT ("contactId") DO UPDATE SET "lastMessageAt" = "Conversation"."lastMessageAt"
    RETURNING "id"`;
  if (!row) throw new Error("conversation upsert returned nothing");
  return row.id;
}

async function recordMessage(ctx: Ctx, event: Extract<IncomingEvent, { kind: "message" }>): Promise<void> {
  const { tx, integration } = ctx;
  const contactId = await ensureContact(ctx, event.contactExternalId);
  const conversationId = await ensureConversation(ctx, contactId);
  const inbound = event.direction === "inbound";
  if (!inbound) {
    const adopted = await adoptPendingReply(tx, conversationId, event.externalId, event.text, event.attachments[0]?.type ?? null);
    if (adopted) return void ctx.result.updatedMessageIds.push(adopted);
  }
  // Only a reply pays for this lookup: the earlier message, when we hold it, is linked by our id.
  const replyToId = event.replyToExternalId ? await messageIdOf(ctx, event.replyToExternalId) : null;
  const inserted = await tx.message.createManyAndReturn({
    data: [
      {
        accountId: integration.accountId,
        integrationId: integration.id,
        conversationId,
        direction: event.direction,
        text: event.text,
        status: inbound ? "received" : "sent",
        externalId: event.externalId,
        createdAt: event.timestamp,
        ...(event.replyToExternalId ? { replyToExternalId: event.replyToExternalId, replyToId } : {}),
        ...(event.payload ? { payload: event.payload } : {}),
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  const message = inserted[0];
  if (!message) return; // a redelivery: stored once already
  if (event.attachments.length) {
    // Media is kept by Inbox: pending now, downloaded once this transaction has committed.
    const now = new Date();
    const created = await tx.attachment.createManyAndReturn({
      data: event.attachments.map((a) => ({
        messageId: message.id,
        type: a.type,
        url: a.url,
        name: a.name,
        ...(a.payload === undefined ? {} : { payload: a.payload as object }),
        ...(isKeptMedia(a.type) ? initialFetchState(a.url, now) : {}),
      })),
      select: { id: true, fetchState: true },
    });
    ctx.result.newAttachmentIds.push(...created.filter((a) => a.fetchState === "pending").map((a) => a.id));
  }
  // A snoozed conversation says why it woke; the bump below opens it (pending, resolved too).
  const wakeLine = inbound ? await wakeOnCustomerMessage(tx, { accountId: integration.accountId, integrationId: integration.id, conversationId, at: event.timestamp }) : null;
  if (wakeLine) ctx.result.newMessageIds.push(wakeLine);
  await bumpConversation(tx, conversationId, {
    at: event.timestamp,
    preview: previewOf(event.text, event.attachments),
    unread: inbound ? 1 : 0,
    reopen: inbound,
  });
  ctx.result.newMessageIds.push(message.id);
  ctx.result.conversationIds.push(conversationId);
}

/**
 * Media with a URL worth trying is pending (downloaded after commit); one refused before any
 * request (no URL, a host off the allow-list, a blocked address) is unavailable at once, so it
 * costs no background work and no second event.
 */
export function initialFetchState(url: string | null, now: Date) {
  const refusal = url ? refusalBeforeFetch(url, env().media) : "bad_url";
  return refusal ? { fetchState: "unavailable" as const, fetchError: refusal } : { fetchState: "pending" as const, nextFetchAt: now };
}

async function messageIdOf(ctx: Ctx, externalId: string): Promise<string | null> {
  const row = await ctx.tx.message.findUnique({
    where: { integrationId_externalId: { integrationId: ctx.integration.id, externalId } },
    select: { id: true },
  });
  return row?.id ?? null;
}

/**
 * A line about the conversation (a referral, an opt-in, shared details): stored once,
 * shown in the thread, counted as activity but not as unread, and the list preview only
 * when the conversation has none yet (a referral is not what the customer said).
 */
async function recordSystemLine(ctx: Ctx, event: Extract<IncomingEvent, { kind: "system" }>): Promise<void> {
  const { tx, integration } = ctx;
  const contactId = await ensureContact(ctx, event.contactExternalId);
  const conversationId = await ensureConversation(ctx, contactId);
  const inserted = await tx.message.createManyAndReturn({
    data: [
      {
        accountId: integration.accountId,
        integrationId: integration.id,
        conversationId,
        kind: "system",
        direction: "inbound",
        text: event.text,
        status: "received",
        externalId: event.externalId,
        createdAt: event.timestamp,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  const message = inserted[0];
  if (!message) return;
  await tx.$executeRaw`
    UPDATE "Conversation" SET
      "lastMessagePreview" = CASE WHEN "lastMessagePreview" = '' THEN ${previewOf(event.text, [])}::text ELSE "lastMessagePreview" END,
      "lastMessageAt" = GREATEST("lastMessageAt", ${event.timestamp}::timestamp(3))
    WHERE "id" = ${conversationId}`;
  ctx.result.newMessageIds.push(message.id);
  ctx.result.conversationIds.push(conversationId);
}

/**
 * The customer's edit: the text is replaced, the time kept; an older edit delivered late
 * (or the same one again) changes nothing. When it is the conversation's latest message the
 * list preview follows — the conversation is locked before the message, as everywhere else.
 */
async function recordEdit(ctx: Ctx, event: Extract<IncomingEvent, { kind: "edit" }>): Promise<void> {
  const { tx } = ctx;
  const [target] = await tx.$queryRaw<{ id: string; conversationId: string; createdAt: Date }[]>`
    SELECT "id", "conversationId", "createdAt" FROM "Message"
    WHERE "integrationId" = ${ctx.integration.id} AND "externalId" = ${event.externalId} AND "kind" = 'message'::"MessageKind"
      AND ("editedAt" IS NULL OR "editedAt" < ${event.timestamp}::timestamp(3))`;
  if (!target) return;
  const preview = previewOf(event.text, []);
  const latest = preview
    ? await tx.$executeRaw`
        UPDATE "Conversation" SET "lastMessagePreview" = ${preview}
        WHERE "id" = ${target.conversationId} AND "integrationId" = ${ctx.integration.id} AND "lastMessageAt" = ${new Date(target.createdAt)}::timestamp(3)`
    : 0;
  const updated = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Message" SET "text" = ${event.text}, "editedAt" = ${event.timestamp}::timestamp(3)
    WHERE "id" = ${target.id} AND ("editedAt" IS NULL OR "editedAt" < ${event.timestamp}::timestamp(3))
    RETURNING "id"`;
  ctx.result.updatedMessageIds.push(...updated.map((m) => m.id));
  if (latest) ctx.result.conversationIds.push(target.conversationId);
}

/**
 * One reaction per side and message (both platforms allow one). A withdrawal is kept as
 * {emoji: null} with its time, so a reaction delivered after its own withdrawal stays withdrawn.
 */
async function recordReaction(ctx: Ctx, event: Extract<IncomingEvent, { kind: "reaction" }>): Promise<void> {
  const at = event.timestamp.getTime();
  const updated = await ctx.tx.$queryRaw<{ id: string }[]>`
    UPDATE "Message" SET "reactions" = COALESCE("reactions", '{}'::jsonb) || jsonb_build_object(${event.by}::text, jsonb_build_object('emoji', ${event.emoji}::text, 'at', ${at}::bigint))
    WHERE "integrationId" = ${ctx.integration.id} AND "externalId" = ${event.externalId}
      AND COALESCE(("reactions" -> ${event.by}::text ->> 'at')::bigint, -1) <= ${at}::bigint
    RETURNING "id"`;
  ctx.result.updatedMessageIds.push(...updated.map((m) => m.id));
}

async function recordIntegrationEvents(ctx: Ctx, events: Extract<IncomingEvent, { kind: "integration" }>[]): Promise<void> {
  await ctx.tx.integrationEvent.createMany({
    data: events.map((e) => ({
      accountId: ctx.integration.accountId,
      integrationId: ctx.integration.id,
      kind: e.type,
      action: e.action,
      detail: e.detail as object,
      dedupeKey: e.dedupeKey,
      occurredAt: e.timestamp,
    })),
    skipDuplicates: true,
  });
}

/**
 * The echo of a reply we are still sending: the pending row takes the platform id
 * instead of a second copy being stored. An attachment's echo (no text; the platform's
 * own URL for the file) is matched to the oldest pending part with a stored file of that
 * type; a text echo to a pending row with that text and no file. Only Message rows are
 * locked, after the conversation, as before.
 */
async function adoptPendingReply(tx: Tx, conversationId: string, externalId: string, text: string, attachmentType: string | null): Promise<string | null> {
  const withFile = attachmentType !== null && text === "";
  const adopted = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Message" SET "externalId" = ${externalId}, "status" = 'sent'::"MessageStatus"
    WHERE "id" = (
      SELECT m."id" FROM "Message" m
      WHERE m."conversationId" = ${conversationId} AND m."direction" = 'outbound' AND m."status" = 'pending'
        AND m."externalId" IS NULL AND m."text" = ${text}
        AND ${withFile} = EXISTS (
          SELECT 1 FROM "Attachment" a WHERE a."messageId" = m."id" AND a."fileId" IS NOT NULL
            AND (NOT ${withFile} OR a."type"::text = ${attachmentType ?? ""}))
      ORDER BY m."createdAt" ASC LIMIT 1 FOR UPDATE OF m SKIP LOCKED)
      AND NOT EXISTS (SELECT 1 FROM "Message" WHERE "integrationId" = (SELECT "integrationId" FROM "Conversation" WHERE "id" = ${conversationId}) AND "externalId" = ${externalId})
    RETURNING "id"`;
  return adopted[0]?.id ?? null;
}

/** A receipt's conversation, locked before the messages it moves (the lock order every writer keeps). */
async function conversationOfContact(ctx: Ctx, contactExternalId: string): Promise<string | null> {
  const [row] = await ctx.tx.$queryRaw<{ id: string }[]>`
    SELECT cv."id" FROM "Contact" ct JOIN "Conversation" cv ON cv."contactId" = ct."id"
    WHERE ct."integrationId" = ${ctx.integration.id} AND ct."externalId" = ${contactExternalId}
    FOR NO KEY UPDATE OF cv`;
  return row?.id ?? null;
}

/** Delivery receipts only move messages forward: sent → delivered. */
async function recordDelivery(ctx: Ctx, event: Extract<IncomingEvent, { kind: "delivery" }>): Promise<void> {
  const conversationId = await conversationOfContact(ctx, event.contactExternalId);
  if (!conversationId) return;
  const byId = event.externalIds.length ? [{ externalId: { in: event.externalIds } }] : [];
  const byWatermark = event.watermark ? [{ createdAt: { lte: event.watermark } }] : [];
  if (!byId.length && !byWatermark.length) return;
  await advanceStatus(ctx, conversationId, { OR: [...byId, ...byWatermark] }, ["sent"], "delivered");
}

/** A read watermark marks every earlier outbound message read; Zalo names the messages instead. */
async function recordRead(ctx: Ctx, event: Extract<IncomingEvent, { kind: "read" }>): Promise<void> {
  const conversationId = await conversationOfContact(ctx, event.contactExternalId);
  if (!conversationId) return;
  const byId = event.externalIds?.length ? [{ externalId: { in: event.externalIds } }] : [];
  const byWatermark = event.watermark ? [{ createdAt: { lte: event.watermark } }] : [];
  if (!byId.length && !byWatermark.length) return;
  await advanceStatus(ctx, conversationId, { OR: [...byId, ...byWatermark] }, ["sent", "delivered"], "read");
}

async function advanceStatus(
  ctx: Ctx,
  conversationId: string,
  where: object,
  from: ("sent" | "delivered")[],
  to: "delivered" | "read",
): Promise<void> {
  const updated = await ctx.tx.message.updateManyAndReturn({
    // A private note is never on the platform: no receipt is about it.
    where: { conversationId, direction: "outbound", kind: "message", status: { in: from }, ...where },
    data: { status: to },
    select: { id: true },
  });
  ctx.result.updatedMessageIds.push(...updated.map((m) => m.id));
}

/** Only a newer follow/unfollow moves the state: a replayed or reordered one changes nothing. */
async function recordFollow(ctx: Ctx, event: Extract<IncomingEvent, { kind: "follow" | "unfollow" }>): Promise<void> {
  const contactId = await ensureContact(ctx, event.contactExternalId);
  await ctx.tx.contact.updateMany({
    where: {
      id: contactId,
      integrationId: ctx.integration.id,
      OR: [{ followChangedAt: null }, { followChangedAt: { lt: event.timestamp } }],
    },
    data: { followed: event.kind === "follow", followChangedAt: event.timestamp },
  });
}
