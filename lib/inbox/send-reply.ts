import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { adapters } from "@/lib/channels/adapters";
import type { Channel, MessageDto } from "@/lib/inbox/dto";
import { toMessageDto } from "@/lib/inbox/dto";
import { announce, noChanges } from "@/lib/inbox/announce";
import { bumpConversation } from "@/lib/inbox/record-incoming";
import { previewOf } from "@/lib/inbox/preview";
import { findIntegrationById, forgetIntegrations } from "@/lib/integrations/find-integration";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";

type Reply = { accountId: string; userId: string; conversationId: string; channel: Channel; text: string };

/**
 * An agent's reply: stored as pending (and shown), handed to the platform, then
 * marked sent with the platform's id, or failed with its reason. Only an accepted
 * message resolves; a refusal throws a 502 carrying the platform's code.
 */
export async function sendReply(r: Reply): Promise<MessageDto> {
  const conversation = await getConversationOrThrow(r.accountId, r.conversationId);
  // The other channel's route for this conversation is a 404, like any unknown id.
  if (conversation.integration.channel !== r.channel) throw notFound("Conversation not found");
  const message = await db().$transaction(async (tx) => {
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
    return created;
  });
  await announce(r.accountId, { ...noChanges(), newMessageIds: [message.id], conversationIds: [conversation.id] });
  return deliver(r.accountId, message.id);
}

/** Sends a failed message again (the Retry button). */
export async function retryMessage(accountId: string, conversationId: string, messageId: string): Promise<MessageDto> {
  await getConversationOrThrow(accountId, conversationId);
  const { count } = await db().message.updateMany({
    where: { id: messageId, conversationId, accountId, direction: "outbound", status: "failed" },
    data: { status: "pending", error: null, errorCode: null },
  });
  if (!count) throw notFound("No failed message with that id");
  await announce(accountId, { ...noChanges(), updatedMessageIds: [messageId] });
  return deliver(accountId, messageId);
}

async function deliver(accountId: string, messageId: string): Promise<MessageDto> {
  const message = await db().message.findFirstOrThrow({
    where: { id: messageId, accountId },
    include: { conversation: { include: { contact: true } } },
  });
  const integration = await findIntegrationById(message.integrationId);
  const adapter = adapters[integration.channel];
  const result = await adapter.sendText(integration, message.conversation.contact.externalId, message.text);
  if (result.ok) {
    await markSent(message.id, result.externalId);
  } else {
    await db().message.update({
      where: { id: message.id },
      data: { status: "failed", error: result.message, errorCode: result.code },
    });
    if (result.tokenInvalid) {
      await db().integration.update({ where: { id: integration.id }, data: { needsReauth: true } });
      forgetIntegrations();
      log().warn({ integrationId: integration.id, channel: integration.channel }, "integration needs re-authorisation");
    }
  }
  await announce(accountId, { ...noChanges(), updatedMessageIds: [message.id], conversationIds: [message.conversationId] });
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
 * and been stored under that id; then the echo copy gives way to ours.
 */
async function markSent(messageId: string, externalId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const echo = await tx.message.findFirst({
      where: { externalId, id: { not: messageId }, direction: "outbound" },
      select: { id: true, integrationId: true },
    });
    if (echo) await tx.message.delete({ where: { id: echo.id } });
    await tx.message.updateMany({ where: { id: messageId, status: "pending" }, data: { status: "sent", externalId } });
  });
}
