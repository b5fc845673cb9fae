import type { Tx } from "@/lib/db";

/** "3 Dec 2026, 09:00 UTC": one time zone for every reader of the thread. */
export function snoozeTime(at: Date): string {
  return `${new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(at)} UTC`;
}

/**
 * A line in the thread about a status change (MessageKind system). An agent's change is
 * outbound with its author in senderUserId, like a note; a wake-up is no one's and inbound.
 * It does not move the preview, time or unread count: those stay the customer's.
 * Call it after the conversation row is locked (lock order: conversation, then messages).
 */
export async function writeStatusLine(
  tx: Tx,
  line: { accountId: string; integrationId: string; conversationId: string; text: string; userId?: string | null; at?: Date },
): Promise<string> {
  const row = await tx.message.create({
    data: {
      accountId: line.accountId,
      integrationId: line.integrationId,
      conversationId: line.conversationId,
      kind: "system",
      direction: line.userId ? "outbound" : "inbound",
      status: line.userId ? "sent" : "received",
      text: line.text,
      senderUserId: line.userId ?? null,
      ...(line.at ? { createdAt: line.at } : {}),
    },
    select: { id: true },
  });
  return row.id;
}
