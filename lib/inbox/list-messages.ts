import { z } from "zod";
import { db } from "@/lib/db";
import { toMessageDto, type MessageDto } from "@/lib/inbox/dto";
import { cursorParam, decodeCursor, encodeCursor } from "@/lib/inbox/cursor";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";

export const messagePage = z.object({
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Newest first; the next cursor walks back in time. */
export async function listMessages(
  accountId: string,
  conversationId: string,
  p: z.infer<typeof messagePage>,
): Promise<{ messages: MessageDto[]; nextCursor: string | null }> {
  await getConversationOrThrow(accountId, conversationId);
  const cursor = decodeCursor(p.cursor ?? null);
  const rows = await db().message.findMany({
    where: {
      conversationId,
      accountId,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}),
    },
    include: { attachments: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: p.limit + 1,
  });
  const page = rows.slice(0, p.limit);
  const last = page[page.length - 1];
  return {
    messages: page.map(toMessageDto),
    nextCursor: rows.length > p.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
  };
}
