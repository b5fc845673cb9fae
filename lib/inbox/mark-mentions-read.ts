import { z } from "zod";
import { db } from "@/lib/db";
import { printableId } from "@/lib/http/safe-string";
import { toMember } from "@/lib/realtime/to-account";

/** `{ids}`: these mentions; `{all: true}`: every unread one of the member in this account. */
export const markMentionsBody = z.union([z.object({ ids: z.array(printableId()).min(1).max(100) }).strict(), z.object({ all: z.literal(true) }).strict()]);

/**
 * Marks the signed-in member's own mentions read: the where clause names the caller, so an
 * id of someone else's mention (or another account's) moves nothing, like an unknown one.
 * The member's other tabs of this account are told to reload their list.
 */
export async function markMentionsRead(opts: { accountId: string; userId: string; read: z.infer<typeof markMentionsBody> }): Promise<{ marked: number }> {
  const { accountId, userId, read } = opts;
  const { count } = await db().mention.updateMany({
    where: { accountId, userId, readAt: null, ...("ids" in read ? { id: { in: read.ids } } : {}) },
    data: { readAt: new Date() },
  });
  if (count > 0) toMember(accountId, userId).emit("mentions-changed");
  return { marked: count };
}
