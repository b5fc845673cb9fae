import { z } from "zod";
import type { Viewer } from "@/lib/access/visible-inboxes";
import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { announce, noChanges } from "@/lib/inbox/announce";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import { printableId, storableText } from "@/lib/http/safe-string";
import { isLabelColor, LABEL_NAME_MAX, labelColors, type LabelDto } from "@/lib/shared/labels";

const labelName = z
  .string()
  .transform((s) => storableText(s).replace(/\s+/g, " ").trim())
  .pipe(z.string().min(1, "A label needs a name").max(LABEL_NAME_MAX, `At most ${LABEL_NAME_MAX} characters`));

export const createLabelBody = z.object({ name: labelName, color: z.enum(labelColors) }).strict();
export const updateLabelBody = z
  .object({ name: labelName.optional(), color: z.enum(labelColors).optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.color !== undefined, "Change the name or the color");
export const labelParams = z.object({ id: printableId() });
/** The whole set of labels a conversation carries (an empty list takes them all off). */
export const conversationLabelsBody = z.object({ labelIds: z.array(printableId()).max(50) }).strict();

const toLabelDto = (l: { id: string; name: string; color: string }): LabelDto => ({ id: l.id, name: l.name, color: isLabelColor(l.color) ? l.color : "gray" });

/** The account's labels, by name. */
export async function listLabels(opts: { accountId: string }): Promise<LabelDto[]> {
  const rows = await db().label.findMany({ where: { accountId: opts.accountId }, orderBy: { name: "asc" }, select: { id: true, name: true, color: true } });
  return rows.map(toLabelDto);
}

const taken = () => new AppError("conflict", "A label with that name already exists", { reason: "label_name_taken" });

export async function createLabel(opts: { accountId: string; name: string; color: string }): Promise<LabelDto> {
  const exists = await db().label.findFirst({ where: { accountId: opts.accountId, name: { equals: opts.name, mode: "insensitive" } }, select: { id: true } });
  if (exists) throw taken();
  // The unique index settles a race between two admins (P2002 → 409).
  const row = await db().label.create({ data: { accountId: opts.accountId, name: opts.name, color: opts.color }, select: { id: true, name: true, color: true } });
  return toLabelDto(row);
}

/** Renames or recolors a label; every conversation carrying it changes for the whole account. */
export async function updateLabel(opts: { accountId: string; labelId: string; name?: string; color?: string }): Promise<LabelDto> {
  const { accountId, labelId } = opts;
  if (opts.name !== undefined) {
    const clash = await db().label.findFirst({ where: { accountId, id: { not: labelId }, name: { equals: opts.name, mode: "insensitive" } }, select: { id: true } });
    if (clash) throw taken();
  }
  const { label, stamped } = await db().$transaction(async (tx) => {
    const { count } = await tx.label.updateMany({
      where: { id: labelId, accountId },
      data: { ...(opts.name !== undefined ? { name: opts.name } : {}), ...(opts.color !== undefined ? { color: opts.color } : {}) },
    });
    if (!count) throw notFound("Label not found", "label_not_found");
    const label = await tx.label.findUniqueOrThrow({ where: { id: labelId }, select: { id: true, name: true, color: true } });
    return { label, stamped: await stampLabelled(tx, { accountId, labelId }) };
  });
  await announceStamped(accountId, stamped);
  return toLabelDto(label);
}

/** Deletes a label: it leaves every conversation that carried it, live. */
export async function deleteLabel(opts: { accountId: string; labelId: string }): Promise<void> {
  const { accountId, labelId } = opts;
  const stamped = await db().$transaction(async (tx) => {
    const label = await tx.label.findFirst({ where: { id: labelId, accountId }, select: { id: true } });
    if (!label) throw notFound("Label not found", "label_not_found");
    // Stamped first (the rows are locked from here), then the label and its links go.
    const stamped = await stampLabelled(tx, { accountId, labelId });
    await tx.label.delete({ where: { id: labelId } });
    return stamped;
  });
  await announceStamped(accountId, stamped);
}

/**
 * Sets the labels of one conversation (any member may). Every id must be a label of the
 * caller's account: one that is not (another account's, or none) is a 404 and nothing changes.
 */
export async function setConversationLabels(opts: { accountId: string; userId: Viewer; conversationId: string; labelIds: string[] }): Promise<LabelDto[]> {
  const { accountId, conversationId } = opts;
  const labelIds = [...new Set(opts.labelIds)];
  const { integrationId } = await getConversationOrThrow(opts);
  const result = await db().$transaction(async (tx) => {
    // The conversation first (lock order: conversations, then the inbox in stampChanges).
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Conversation" WHERE "id" = ${conversationId} AND "accountId" = ${accountId} FOR NO KEY UPDATE`;
    if (!locked) throw notFound("Conversation not found", "conversation_not_found");
    const known = await tx.label.findMany({ where: { accountId, id: { in: labelIds } }, select: { id: true } });
    if (known.length !== labelIds.length) throw notFound("Label not found", "label_not_found");
    const removed = await tx.conversationLabel.deleteMany({ where: { conversationId, labelId: { notIn: labelIds } } });
    const added = await tx.conversationLabel.createMany({ data: labelIds.map((labelId) => ({ conversationId, labelId, accountId })), skipDuplicates: true });
    if (!removed.count && !added.count) return null;
    return stampChanges(tx, { integrationId, messageIds: [], conversationIds: [conversationId] });
  });
  if (result !== null) await announce({ accountId, integrationId, seq: result, changes: { ...noChanges(), conversationIds: [conversationId] } });
  const rows = await db().conversationLabel.findMany({ where: { conversationId, accountId }, select: { label: { select: { id: true, name: true, color: true } } } });
  return rows.map((r) => toLabelDto(r.label)).sort((a, b) => a.name.localeCompare(b.name));
}

type Stamped = { integrationId: string; seq: number | null; conversationIds: string[] }[];

/** Gives every conversation carrying the label a new change number, inbox by inbox (in id order). */
async function stampLabelled(tx: Tx, opts: { accountId: string; labelId: string }): Promise<Stamped> {
  const rows = await tx.conversationLabel.findMany({
    where: { labelId: opts.labelId, accountId: opts.accountId },
    select: { conversation: { select: { id: true, integrationId: true } } },
  });
  const byInbox = new Map<string, string[]>();
  for (const { conversation: c } of rows) byInbox.set(c.integrationId, [...(byInbox.get(c.integrationId) ?? []), c.id]);
  const out: Stamped = [];
  for (const integrationId of [...byInbox.keys()].sort()) {
    const conversationIds = byInbox.get(integrationId) ?? [];
    out.push({ integrationId, conversationIds, seq: await stampChanges(tx, { integrationId, messageIds: [], conversationIds }) });
  }
  return out;
}

async function announceStamped(accountId: string, stamped: Stamped): Promise<void> {
  for (const s of stamped) await announce({ accountId, integrationId: s.integrationId, seq: s.seq, changes: { ...noChanges(), conversationIds: s.conversationIds } });
}
