import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { adapters } from "@/lib/channels/adapters";
import type { Channel, MessageDto } from "@/lib/inbox/dto";
import type { SendResult } from "@/lib/channels/types";
import { toMessageDto } from "@/lib/inbox/dto";
import { announce, noChanges } from "@/lib/inbox/announce";
import { bumpConversation } from "@/lib/inbox/bump-conversation";
import { previewOf } from "@/lib/inbox/preview";
import { findIntegrationById, forgetIntegrations } from "@/lib/integrations/find-integration";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import { channelMeta } from "@/lib/channels/metadata";
import { replyWindowAt, type ReplyWindow } from "@/lib/shared/reply-window";

type Reply = { accountId: string; userId: string; conversationId: string; channel: Channel; text: string };

/**
 * An agent's reply: stored as pending (and shown), handed to the platform, then
 * marked sent with the platform's id, or failed with its reason. Only an accepted
 * message resolves; a refusal throws a 502 carrying the platform's code.
 */
export async function sendReply(r: Reply): Promise<MessageDto> {
  const conversation = await getConversationOrThrow(r);
  // The other channel's route for this conversation is a 404, like any unknown id.
  if (conversation.integration.channel !== r.channel) throw notFound("Conversation not found");
  // Past the window nothing is stored and the platform is not called: the agent keeps the text.
  const window = replyWindowOf(r.channel, conversation.lastInboundAt);
  if (window.state === "closed") throw outsideWindow(r.channel, window);
  const { message, seq } = await db().$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        accountId: r.accountId,
        conversationId: conversation.id,
        integrationId: conversation.integrationId,
        direction: "outbound",
        text: r.text,
        status: "pending",
        senderUserId: r.userId,
      },
    });
    await bumpConversation(tx, conversation.id, { at: created.createdAt, preview: previewOf(r.text, []), unread: 0, reopen: false });
    const seq = await stampChanges(tx, { integrationId: conversation.integrationId, messageIds: [created.id], conversationIds: [conversation.id] });
    return { message: created, seq };
  });
  await announce({
    accountId: r.accountId,
    integrationId: conversation.integrationId,
    seq,
    changes: { ...noChanges(), newMessageIds: [message.id], conversationIds: [conversation.id] },
  });
  return deliver({ accountId: r.accountId, messageId: message.id });
}

/** Sends a failed message again (the Retry button). */
export async function retryMessage(opts: { accountId: string; conversationId: string; messageId: string }): Promise<MessageDto> {
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
      select: { createdAt: true, text: true },
    });
    if (!retried) throw notFound("No failed message with that id");
    await bumpConversation(tx, conversationId, { at: retried.createdAt, preview: previewOf(retried.text, []), unread: 0, reopen: false });
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
    include: { conversation: { include: { contact: true } } },
  });
  const integration = await findIntegrationById(message.integrationId);
  const adapter = adapters[integration.channel];
  // Decided again at the moment of sending: the window may have closed since the request was checked.
  const window = replyWindowOf(integration.channel, message.conversation.lastInboundAt);
  const result: SendResult =
    window.state === "closed"
      ? { ok: false, code: "outside_window", message: outsideWindow(integration.channel, window).message, tokenInvalid: false, outsideWindow: true }
      : await adapter.sendText(integration, message.conversation.contact.externalId, message.text, { window: window.state === "human_agent" ? "human_agent" : "standard" });
  const touched = { integrationId: integration.id, messageIds: [message.id], conversationIds: [message.conversationId] };
  const seq = await db().$transaction(async (tx) => {
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
  return new AppError("outside_window", message, { ...(closedAt ? { closedAt: closedAt.toISOString() } : {}), ...details });
}
