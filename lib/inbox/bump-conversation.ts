import type { Tx } from "@/lib/db";

/** Moves the conversation forward atomically; an older message never replaces a newer preview. */
export async function bumpConversation(
  tx: Tx,
  conversationId: string,
  change: { at: Date; preview: string; unread: number; reopen: boolean },
): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Conversation" SET
      "inboundCount" = "inboundCount" + ${change.unread}::int,
      "status" = CASE WHEN ${change.reopen}::boolean THEN 'open'::"ConversationStatus" ELSE "status" END,
      "lastMessagePreview" = CASE WHEN ${change.at}::timestamp(3) >= "lastMessageAt" THEN ${change.preview}::text ELSE "lastMessagePreview" END,
      "lastMessageAt" = GREATEST("lastMessageAt", ${change.at}::timestamp(3)),
      -- A customer's message (the only kind that counts as unread) reopens the platforms' reply windows.
      "lastInboundAt" = CASE WHEN ${change.unread}::int > 0 THEN GREATEST("lastInboundAt", ${change.at}::timestamp(3)) ELSE "lastInboundAt" END
    WHERE "id" = ${conversationId}`;
}
