import { z } from "zod";
import { db } from "@/lib/db";
import { attachmentInclude, toMessageDto, type MessageDto } from "@/lib/inbox/dto";
import { cursorParam } from "@/lib/inbox/cursor";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { keysetPage } from "@/lib/inbox/keyset-page";
import type { Viewer } from "@/lib/access/visible-inboxes";

export const messagePage = z.object({
  cursor: cursorParam,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Newest first; the next cursor walks back in time. */
export async function listMessages(
  opts: { accountId: string; userId: Viewer; conversationId: string } & z.infer<typeof messagePage>,
): Promise<{ messages: MessageDto[]; nextCursor: string | null }> {
  const { accountId, conversationId } = opts;
  await getConversationOrThrow({ accountId, conversationId, userId: opts.userId });
  const keyset = keysetPage({ field: "createdAt", cursor: opts.cursor, limit: opts.limit });
  const rows = await db().message.findMany({
    where: { conversationId, accountId, ...keyset.after },
    include: attachmentInclude,
    orderBy: keyset.orderBy,
    take: keyset.take,
  });
  const { rows: page, nextCursor } = keyset.page(rows);
  return { messages: page.map(toMessageDto), nextCursor };
}
