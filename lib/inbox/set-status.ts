import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import { snoozeTime, writeStatusLine } from "@/lib/inbox/status-line";
import type { Viewer } from "@/lib/access/visible-inboxes";
import { conversationStatuses, MAX_SNOOZE_MS, type ConversationStatus } from "@/lib/shared/labels";

/** The status route's body: a snooze names its end (future, at most a year ahead); the others clear it. */
export const statusBody = z
  .object({
    status: z.enum(conversationStatuses),
    snoozedUntil: z.iso.datetime({ offset: true }).nullish(),
  })
  .superRefine((b, ctx) => {
    if (b.status !== "snoozed") {
      if (b.snoozedUntil) ctx.addIssue({ code: "custom", path: ["snoozedUntil"], message: "Only a snooze has an end time" });
      return;
    }
    if (!b.snoozedUntil) return void ctx.addIssue({ code: "custom", path: ["snoozedUntil"], message: "A snooze needs snoozedUntil" });
    const at = new Date(b.snoozedUntil).getTime();
    const now = Date.now();
    if (!(at > now)) ctx.addIssue({ code: "custom", path: ["snoozedUntil"], message: "snoozedUntil must be in the future" });
    else if (at - now > MAX_SNOOZE_MS) ctx.addIssue({ code: "custom", path: ["snoozedUntil"], message: "A snooze lasts at most a year" });
  });

const said: Record<Exclude<ConversationStatus, "snoozed">, string> = {
  open: "reopened this",
  pending: "marked this pending",
  resolved: "resolved this",
};

/**
 * Moves a conversation to a status, live for the whole account, with a line in its thread
 * saying who did it. snoozedUntil is set exactly while snoozed. Setting the status it already
 * has (and, for a snooze, the same end) changes nothing and spends no change number.
 */
export async function setConversationStatus(opts: {
  accountId: string;
  conversationId: string;
  /** The agent: named in the thread's line (senderUserId), and whose inboxes bound what is found (null: the system). */
  userId: Viewer;
  status: ConversationStatus;
  snoozedUntil?: Date | null;
}): Promise<void> {
  const { accountId, conversationId, status, userId } = opts;
  const until = status === "snoozed" ? opts.snoozedUntil : null;
  if (status === "snoozed" && !until) throw new AppError("bad_request", "A snooze needs snoozedUntil", { reason: "snooze_needs_time" });
  const { integrationId } = await getConversationOrThrow(opts);
  const author = userId ? await db().user.findUnique({ where: { id: userId }, select: { name: true } }) : null;
  const result = await db().$transaction(async (tx) => {
    const { count } = await tx.conversation.updateMany({
      where: { id: conversationId, accountId, ...(until ? { OR: [{ status: { not: status } }, { snoozedUntil: null }, { snoozedUntil: { not: until } }] } : { status: { not: status } }) },
      data: { status, snoozedUntil: until ?? null },
    });
    if (!count) return null;
    const who = author?.name ?? "Someone";
    const text = until ? `${who} snoozed this until ${snoozeTime(until)}` : `${who} ${said[status as Exclude<ConversationStatus, "snoozed">]}`;
    const lineId = await writeStatusLine(tx, { accountId, integrationId, conversationId, text, userId: userId ?? null });
    const seq = await stampChanges(tx, { integrationId, messageIds: [lineId], conversationIds: [conversationId] });
    return { seq, lineId };
  });
  if (!result) return;
  await announce({ accountId, integrationId, seq: result.seq, changes: { ...noChanges(), newMessageIds: [result.lineId], conversationIds: [conversationId] } });
}
