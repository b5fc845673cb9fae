import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { adapters } from "@/lib/channels/adapters";
import type { Channel, MessageDto } from "@/lib/inbox/dto";
import type { OutboundFile, SendResult } from "@/lib/channels/types";
import { fileStore } from "@/lib/files/save-file";
import { fileKind, fileUrl } from "@/lib/shared/file-dto";
import { checkOutboundFile } from "@/lib/shared/outbound-attachments";
import { toMessageDto } from "@/lib/inbox/dto";
import { announce, noChanges } from "@/lib/inbox/announce";
import { bumpConversation } from "@/lib/inbox/bump-conversation";
import { previewOf } from "@/lib/inbox/preview";
import { findIntegrationById, forgetIntegrations } from "@/lib/integrations/find-integration";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import { fileWhere, scopeOf, type Viewer } from "@/lib/access/visible-inboxes";
import { channelMeta } from "@/lib/channels/metadata";
import { replyWindowAt, type ReplyWindow } from "@/lib/shared/reply-window";

type Reply = { accountId: string; userId: string; conversationId: string; channel: Channel; text: string; attachments?: string[] };

/** A reply of text only: its one message. */
export async function sendReply(r: Reply): Promise<MessageDto> {
  const [first] = await sendReplyParts(r);
  return first!;
}

/**
 * An agent's reply: stored as pending (and shown), handed to the platform, then
 * marked sent with the platform's id, or failed with its reason. Only an accepted
 * message resolves; a refusal throws a 502 carrying the platform's code.
 *
 * With attachments (ids of the account's stored files) the reply is several platform
 * messages — the text first, then each file, in order — and so several rows, one per
 * platform message, so that receipts and echoes find theirs. Everything is checked before
 * anything is stored: the window (409), the files' ownership (404) and the channel's limits (400).
 * A part the platform refuses stops the rest: they are kept failed, unsent, for Retry.
 */
export async function sendReplyParts(r: Reply): Promise<MessageDto[]> {
  const conversation = await getConversationOrThrow(r);
  // The other channel's route for this conversation is a 404, like any unknown id.
  if (conversation.integration.channel !== r.channel) throw notFound("Conversation not found", "conversation_not_found");
  // Its credentials are gone: nothing is stored, the agent keeps the text.
  if (conversation.integration.disconnectedAt) throw new AppError("conflict", "This inbox was disconnected: an admin can reconnect it in Settings → Channels", { reason: "disconnected" });
  // Past the window nothing is stored and the platform is not called: the agent keeps the text.
  const window = replyWindowOf(r.channel, conversation.lastInboundAt);
  if (window.state === "closed") throw outsideWindow(r.channel, window);
  const files = await checkedFiles({ accountId: r.accountId, userId: r.userId, channel: r.channel, fileIds: r.attachments ?? [] });
  if (!r.text && !files.length) throw new AppError("bad_request", "A reply needs text or an attachment", { reason: "empty_reply" });
  const parts = [...(r.text ? [{ text: r.text, file: null }] : []), ...files.map((file) => ({ text: "", file }))];
  const { ids, seq } = await db().$transaction(async (tx) => {
    // Each part a millisecond after the previous one: the thread orders by time, the text first.
    const base = Date.now();
    const ids: string[] = [];
    for (const [i, part] of parts.entries()) {
      const created = await tx.message.create({
        data: {
          accountId: r.accountId,
          conversationId: conversation.id,
          integrationId: conversation.integrationId,
          direction: "outbound",
          text: part.text,
          status: "pending",
          senderUserId: r.userId,
          createdAt: new Date(base + i),
          ...(part.file
            ? { attachments: { create: [{ type: fileKind(part.file.mime), url: fileUrl(part.file.id), name: part.file.name, fileId: part.file.id }] } }
            : {}),
        },
      });
      ids.push(created.id);
    }
    const last = parts.at(-1)!;
    await bumpConversation(tx, conversation.id, {
      at: new Date(base + parts.length - 1),
      preview: previewOf(last.text, last.file ? [{ type: fileKind(last.file.mime) }] : []),
      unread: 0,
      reopen: false,
    });
    const seq = await stampChanges(tx, { integrationId: conversation.integrationId, messageIds: ids, conversationIds: [conversation.id] });
    return { ids, seq };
  });
  await announce({
    accountId: r.accountId,
    integrationId: conversation.integrationId,
    seq,
    changes: { ...noChanges(), newMessageIds: ids, conversationIds: [conversation.id] },
  });
  const sent: MessageDto[] = [];
  for (const [i, messageId] of ids.entries()) {
    try {
      sent.push(await deliver({ accountId: r.accountId, messageId }));
    } catch (err) {
      // Sent out of order, the customer would read the rest without what came before it.
      const rest = ids.slice(i + 1);
      if (rest.length) await keepUnsent({ accountId: r.accountId, integrationId: conversation.integrationId, conversationId: conversation.id, messageIds: rest });
      if (err instanceof AppError) Object.assign(err.details, { messageIds: ids });
      throw err;
    }
  }
  return sent;
}

type CheckedFile = { id: string; name: string; mime: string; size: number };

/** The account's own files, each one the channel can send; another account's id is a 404, like a missing one. */
async function checkedFiles(o: { accountId: string; userId: string; channel: Channel; fileIds: string[] }): Promise<CheckedFile[]> {
  if (!o.fileIds.length) return [];
  const meta = channelMeta[o.channel];
  const policy = meta.outboundAttachments;
  if (o.fileIds.length > policy.maxFiles) throw new AppError("bad_request", `At most ${policy.maxFiles} files per reply`, { reason: "too_many_files", params: { max: policy.maxFiles } });
  if (new Set(o.fileIds).size !== o.fileIds.length) throw new AppError("bad_request", "The same file is attached twice", { reason: "duplicate_file" });
  // A file of an inbox the agent does not work in is "no such file", like another account's.
  const scope = await scopeOf(o);
  const rows = await db().storedFile.findMany({ where: { id: { in: o.fileIds }, accountId: o.accountId, ...fileWhere(scope, o.userId) }, select: { id: true, name: true, mime: true, size: true } });
  const byId = new Map(rows.map((f) => [f.id, f]));
  const files = o.fileIds.map((id) => byId.get(id));
  if (files.some((f) => !f)) throw notFound("No such file", "file_not_found");
  for (const f of files) {
    const check = checkOutboundFile(meta.label, policy, f!);
    if (!check.ok) throw new AppError("bad_request", check.reason, { reason: "attachment_refused", fileId: f!.id });
  }
  return files as CheckedFile[];
}

/** The parts after a refused one: failed without being offered to the platform, each with Retry. */
async function keepUnsent(o: { accountId: string; integrationId: string; conversationId: string; messageIds: string[] }): Promise<void> {
  const { accountId, integrationId, conversationId, messageIds } = o;
  const seq = await db().$transaction(async (tx) => {
    const { count } = await tx.message.updateMany({
      where: { id: { in: messageIds }, accountId, status: "pending" },
      data: { status: "failed", error: "Not sent: an earlier part of this reply was refused", errorCode: "not_sent" },
    });
    if (count) await tx.conversation.updateMany({ where: { id: conversationId, accountId }, data: { failedReplies: { increment: count } } });
    return stampChanges(tx, { integrationId, messageIds, conversationIds: [conversationId] });
  });
  await announce({ accountId, integrationId, seq, changes: { ...noChanges(), updatedMessageIds: messageIds, conversationIds: [conversationId] } });
}

/** Sends a failed message again (the Retry button). */
export async function retryMessage(opts: { accountId: string; userId: Viewer; conversationId: string; messageId: string }): Promise<MessageDto> {
  const { accountId, conversationId, messageId } = opts;
  const conversation = await getConversationOrThrow(opts);
  const integrationId = conversation.integrationId;
  // A retry obeys the window too; the message stays failed, as it was.
  const window = replyWindowOf(conversation.integration.channel, conversation.lastInboundAt);
  if (window.state === "closed") throw outsideWindow(conversation.integration.channel, window, { messageId });
  const seq = await db().$transaction(async (tx) => {
    // Sent again now, it moves to now: below the customer messages that came while it was failed.
    const [retried] = await tx.message.updateManyAndReturn({
      where: { id: messageId, conversationId, accountId, direction: "outbound", status: "failed" },
      data: { status: "pending", error: null, errorCode: null, createdAt: new Date() },
      select: { id: true, createdAt: true, text: true },
    });
    if (!retried) throw notFound("No failed message with that id", "message_not_found");
    const kinds = await tx.attachment.findMany({ where: { messageId: retried.id }, select: { type: true } });
    await bumpConversation(tx, conversationId, { at: retried.createdAt, preview: previewOf(retried.text, kinds), unread: 0, reopen: false });
    await tx.$executeRaw`UPDATE "Conversation" SET "failedReplies" = GREATEST("failedReplies" - 1, 0) WHERE "id" = ${conversationId} AND "accountId" = ${accountId}`;
    return stampChanges(tx, { integrationId, messageIds: [messageId], conversationIds: [conversationId] });
  });
  await announce({ accountId, integrationId, seq, changes: { ...noChanges(), updatedMessageIds: [messageId], conversationIds: [conversationId] } });
  return deliver({ accountId, messageId });
}

async function deliver(opts: { accountId: string; messageId: string }): Promise<MessageDto> {
  const { accountId, messageId } = opts;
  const message = await db().message.findFirstOrThrow({
    where: { id: messageId, accountId },
    include: { conversation: { include: { contact: true } }, attachments: { include: { file: true } } },
  });
  const integration = await findIntegrationById(message.integrationId);
  const adapter = adapters[integration.channel];
  // Decided again at the moment of sending: the window may have closed since the request was checked.
  const window = replyWindowOf(integration.channel, message.conversation.lastInboundAt);
  const how = { window: window.state === "human_agent" ? ("human_agent" as const) : ("standard" as const) };
  const recipient = message.conversation.contact.externalId;
  const file = message.attachments.find((a) => a.file)?.file ?? null;
  const result: SendResult =
    window.state === "closed"
      ? { ok: false, code: "outside_window", message: outsideWindow(integration.channel, window).message, tokenInvalid: false, outsideWindow: true }
      : file
        ? await sendFile(integration.channel, (f) => adapter.sendAttachment(integration, recipient, f, how), { accountId, file })
        : await adapter.sendText(integration, recipient, message.text, how);
  const touched = { integrationId: integration.id, messageIds: [message.id], conversationIds: [message.conversationId] };
  const seq = await db().$transaction(async (tx) => {
    // The conversation first, as every writer locks it (contacts, conversations, messages, then the
    // inbox): marking the reply sent locks its row, and an echo of it being stored holds the
    // conversation and waits on that row — the other order deadlocked.
    await tx.$executeRaw`SELECT 1 FROM "Conversation" WHERE "id" = ${message.conversationId} FOR NO KEY UPDATE`;
    if (result.ok) {
      await markSent(tx, { integrationId: integration.id, messageId: message.id, externalId: result.externalId });
    } else {
      const { count } = await tx.message.updateMany({
        where: { id: message.id, accountId, status: "pending" },
        // A window refusal is stored under one code whatever the platform called it (its own code is in the 409).
        data: { status: "failed", error: result.message, errorCode: result.outsideWindow ? "outside_window" : result.code },
      });
      // The list marks a conversation with replies not sent (counted once per failure).
      if (count) await tx.conversation.updateMany({ where: { id: message.conversationId, accountId }, data: { failedReplies: { increment: 1 } } });
    }
    const seq = await stampChanges(tx, touched);
    // After the stamp: it locks the conversation before the inbox row, as every writer must.
    if (!result.ok && result.tokenInvalid) await tx.integration.updateMany({ where: { id: integration.id, accountId }, data: { needsReauth: true } });
    return seq;
  });
  if (!result.ok && result.tokenInvalid) {
    forgetIntegrations();
    log().warn({ integrationId: integration.id, channel: integration.channel }, "integration needs re-authorisation");
  }
  await announce({ accountId, integrationId: integration.id, seq, changes: { ...noChanges(), updatedMessageIds: [message.id], conversationIds: [message.conversationId] } });
  if (!result.ok && result.outsideWindow) {
    throw outsideWindow(integration.channel, window, { platformCode: result.code, messageId: message.id, platformMessage: result.message });
  }
  if (!result.ok) {
    throw new AppError("platform_error", `The platform refused the message: ${result.message}`, {
      platformCode: result.code,
      // The platform's own words, quoted as they are in every language.
      reason: "platform_refused_message",
      params: { channel: channelMeta[integration.channel].label, said: result.message },
      messageId: message.id,
    });
  }
  const stored = await db().message.findUniqueOrThrow({ where: { id: message.id }, include: { attachments: true } });
  return toMessageDto(stored);
}

/**
 * Records the platform id. The echo of this very message may have arrived first
 * and been stored under that id; then the echo copy gives way to ours. Platform ids
 * are unique per integration only: the echo is looked up within this one.
 */
async function markSent(tx: Tx, m: { integrationId: string; messageId: string; externalId: string }): Promise<void> {
  await tx.message.deleteMany({
    where: { integrationId: m.integrationId, externalId: m.externalId, id: { not: m.messageId }, direction: "outbound" },
  });
  await tx.message.updateMany({
    where: { id: m.messageId, integrationId: m.integrationId, status: "pending" },
    data: { status: "sent", externalId: m.externalId },
  });
}

/** The stored bytes under the rule the channel sends them by; a file gone from the store fails the part, never throws. */
async function sendFile(channel: Channel, send: (f: OutboundFile) => Promise<SendResult>, o: { accountId: string; file: { id: string; accountId: string; name: string; mime: string; size: number } }): Promise<SendResult> {
  const meta = channelMeta[channel];
  const check = checkOutboundFile(meta.label, meta.outboundAttachments, o.file);
  if (!check.ok) return { ok: false, code: "attachment_refused", message: check.reason, tokenInvalid: false };
  const bytes = o.file.accountId === o.accountId ? await fileStore().get(o.file.id) : null;
  if (!bytes) return { ok: false, code: "file_missing", message: `${o.file.name} is no longer stored`, tokenInvalid: false };
  return send({ name: o.file.name, mime: o.file.mime, bytes, as: check.rule.as });
}

function replyWindowOf(channel: Channel, lastInboundAt: Date | null): ReplyWindow {
  return replyWindowAt(channelMeta[channel].replyWindow, lastInboundAt);
}

/** 409 outside_window: the platform would refuse (or did); the agent must wait for the customer to write. */
function outsideWindow(channel: Channel, window: ReplyWindow, details: Record<string, unknown> = {}): AppError {
  const label = channelMeta[channel].label;
  const closedAt = window.state === "closed" ? window.closedAt : null;
  const message = closedAt
    ? `${label} no longer allows a reply: its messaging window closed at ${closedAt.toISOString()}. The customer must write again first.`
    : window.state === "closed"
      ? `${label} allows a reply only after the customer has written.`
      : `${label} refused the reply: its messaging window has closed. The customer must write again first.`;
  const notOpen = window.state === "closed";
  const reason = closedAt ? "window_closed_at" : notOpen ? "window_not_open" : "window_closed";
  return new AppError("outside_window", message, { reason, params: { channel: label, ...(closedAt ? { closedAt: closedAt.toISOString() } : {}) }, ...(closedAt ? { closedAt: closedAt.toISOString() } : {}), ...details });
}
