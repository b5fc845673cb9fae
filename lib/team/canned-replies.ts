import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { storableText } from "@/lib/http/safe-string";
import { recordAudit } from "@/lib/team/audit";
import { CANNED_TEXT_MAX, SHORTCUT_MAX, SHORTCUT_PATTERN, type CannedReplyDto } from "@/lib/shared/canned-reply";
import type { CannedReply } from "@/lib/generated/prisma/client";

type Tenant = { accountId: string };
type Actor = Tenant & { actorId: string };

const shortcut = z
  .string()
  .trim()
  // Stored lower-case, so the unique index also settles "/Thanks" against "/thanks".
  .transform((s) => s.replace(/^\//, "").toLowerCase())
  .pipe(z.string().min(1, "must not be empty").max(SHORTCUT_MAX, `must be at most ${SHORTCUT_MAX} characters`).regex(SHORTCUT_PATTERN, "letters, digits, - _ and . only (no spaces)"));
const text = z.string().transform(storableText).pipe(z.string().trim().min(1, "must not be empty").max(CANNED_TEXT_MAX, `must be at most ${CANNED_TEXT_MAX} characters`));

export const cannedReplyInput = z.object({ shortcut, text }).strict();
export const cannedReplyPatch = z
  .object({ shortcut: shortcut.optional(), text: text.optional() })
  .strict()
  .refine((p) => p.shortcut !== undefined || p.text !== undefined, "change the shortcut or the text");

const toDto = (r: CannedReply): CannedReplyDto => ({ id: r.id, shortcut: r.shortcut, text: r.text, updatedAt: r.updatedAt.toISOString() });

const duplicate = (s: string) => new AppError("conflict", `The shortcut /${s} is already used`, { field: "shortcut", reason: "shortcut_taken", params: { shortcut: s } });

async function taken(accountId: string, s: string, except?: string): Promise<boolean> {
  const hit = await db().cannedReply.findFirst({ where: { accountId, shortcut: s, ...(except ? { id: { not: except } } : {}) }, select: { id: true } });
  return hit !== null;
}

/** The account's canned replies, by shortcut. */
export async function listCannedReplies(opts: Tenant): Promise<CannedReplyDto[]> {
  const rows = await db().cannedReply.findMany({ where: { accountId: opts.accountId }, orderBy: [{ shortcut: "asc" }, { id: "asc" }], take: 1000 });
  return rows.map(toDto);
}

export async function createCannedReply(opts: Actor & { input: z.infer<typeof cannedReplyInput> }): Promise<CannedReplyDto> {
  const { accountId, actorId, input } = opts;
  if (await taken(accountId, input.shortcut)) throw duplicate(input.shortcut);
  // The unique index settles a race between two admins: the loser's P2002 is a 409.
  const row = await db().$transaction(async (tx) => {
    const created = await tx.cannedReply.create({ data: { accountId, shortcut: input.shortcut, text: input.text } });
    await recordAudit(tx, { accountId, actorId, action: "canned_reply_created", target: `/${created.shortcut}` });
    return created;
  });
  return toDto(row);
}

/** Another account's id is a 404, exactly like one that does not exist. */
export async function updateCannedReply(opts: Actor & { id: string; patch: z.infer<typeof cannedReplyPatch> }): Promise<CannedReplyDto> {
  const { accountId, actorId, id, patch } = opts;
  const current = await db().cannedReply.findFirst({ where: { id, accountId } });
  if (!current) throw notFound("Canned reply not found", "canned_not_found");
  if (patch.shortcut !== undefined && (await taken(accountId, patch.shortcut, id))) throw duplicate(patch.shortcut);
  const row = await db().$transaction(async (tx) => {
    const { count } = await tx.cannedReply.updateMany({ where: { id, accountId }, data: patch });
    if (count === 0) throw notFound("Canned reply not found", "canned_not_found");
    const detail = patch.shortcut !== undefined && patch.shortcut !== current.shortcut ? `renamed from /${current.shortcut}` : undefined;
    const updated = await tx.cannedReply.findFirstOrThrow({ where: { id, accountId } });
    await recordAudit(tx, { accountId, actorId, action: "canned_reply_updated", target: `/${updated.shortcut}`, detail });
    return updated;
  });
  return toDto(row);
}

export async function deleteCannedReply(opts: Actor & { id: string }): Promise<void> {
  const { accountId, actorId, id } = opts;
  await db().$transaction(async (tx) => {
    const current = await tx.cannedReply.findFirst({ where: { id, accountId }, select: { shortcut: true } });
    if (!current) throw notFound("Canned reply not found", "canned_not_found");
    await tx.cannedReply.deleteMany({ where: { id, accountId } });
    await recordAudit(tx, { accountId, actorId, action: "canned_reply_deleted", target: `/${current.shortcut}` });
  });
}
