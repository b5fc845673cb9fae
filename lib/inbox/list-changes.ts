import { z } from "zod";
import { db } from "@/lib/db";
import { inboxWhere, visibleInboxes, type InboxScope } from "@/lib/access/visible-inboxes";
import { attachmentInclude, conversationInclude, toConversationDto, toMessageDto, type ConversationDto, type MessageDto } from "@/lib/inbox/dto";

// A printable id without the separators, then a non-negative change number.
const PAIR = /^([\x21-\x2b\x2d-\x39\x3b-\x7e]{1,64}):(\d{1,15})$/;

/** `since=<inboxId>:<seq>,…` — the last change number the client holds of each inbox. */
export const changesQuery = z.object({
  since: z
    .string()
    .max(8192)
    .optional()
    .transform((raw, ctx) => {
      const out: Record<string, number> = {};
      for (const part of (raw ?? "").split(",").filter(Boolean)) {
        const pair = PAIR.exec(part);
        if (!pair || Object.keys(out).length >= 100) {
          ctx.addIssue({ code: "custom", message: "must be up to 100 inboxId:seq pairs" });
          return z.NEVER;
        }
        out[pair[1]!] = Number(pair[2]);
      }
      return out;
    }),
});

export type Changes = {
  /** The change number each of the account's inboxes had when this was read: the client's new position. */
  inboxes: Record<string, number>;
  conversations: ConversationDto[];
  messages: MessageDto[];
  /** False when there was more than a catch-up carries: the client loads its lists afresh instead. */
  complete: boolean;
};

const MAX_CONVERSATIONS = 200;
const MAX_MESSAGES = 500;

/** The positions of the account's inboxes the scope may see, read before the rows they vouch for (READ COMMITTED: only committed numbers). */
export async function readInboxPositions(opts: { accountId: string; scope: InboxScope }): Promise<Record<string, number>> {
  const inboxes = await db().integration.findMany({ where: { accountId: opts.accountId, ...(opts.scope.all ? {} : { id: { in: opts.scope.ids } }) }, select: { id: true, changeSeq: true } });
  return Object.fromEntries(inboxes.map((i) => [i.id, Number(i.changeSeq)]));
}

/**
 * What changed in the caller's account after the positions it holds. The account
 * comes from the session, never from the request: inbox ids of another account are
 * ignored like unknown ones. Rows come in their current state; each carries its own
 * `seq`, so applying them over newer live events changes nothing.
 */
export async function listChanges(opts: { accountId: string; userId: string; since: Record<string, number> }): Promise<Changes> {
  // Only the inboxes the member may see: the others are ignored like unknown ids.
  const scope = await visibleInboxes(db(), opts);
  const inboxes = await readInboxPositions({ accountId: opts.accountId, scope });
  const after = Object.entries(inboxes)
    .filter(([id, seq]) => seq > (opts.since[id] ?? 0))
    .map(([id]) => ({ integrationId: id, seq: { gt: BigInt(opts.since[id] ?? 0) } }));
  if (!after.length) return { inboxes, conversations: [], messages: [], complete: true };
  const [conversations, messages] = await Promise.all([
    db().conversation.findMany({
      where: { accountId: opts.accountId, ...inboxWhere(scope), OR: after },
      include: conversationInclude,
      orderBy: { seq: "asc" },
      take: MAX_CONVERSATIONS + 1,
    }),
    db().message.findMany({
      where: { accountId: opts.accountId, ...inboxWhere(scope), OR: after },
      include: attachmentInclude,
      orderBy: { seq: "asc" },
      take: MAX_MESSAGES + 1,
    }),
  ]);
  if (conversations.length > MAX_CONVERSATIONS || messages.length > MAX_MESSAGES) {
    return { inboxes, conversations: [], messages: [], complete: false };
  }
  return { inboxes, conversations: conversations.map((c) => toConversationDto(c, opts.userId)), messages: messages.map(toMessageDto), complete: true };
}
