import { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { freeText } from "@/lib/http/safe-string";
import { announce, noChanges } from "@/lib/inbox/announce";
import { stampChanges } from "@/lib/inbox/stamp-changes";
import type { ContactDetailsDto, CustomField } from "@/lib/shared/contact-details";
import { inboxWhere, scopeOf, type Viewer } from "@/lib/access/visible-inboxes";

export const MAX_CUSTOM_FIELDS = 20;

const fieldKey = freeText(40).transform((s) => s.trim()).pipe(z.string().min(1, "a field needs a name"));

/** What an agent may change on a contact; a missing key leaves that part as it is. */
export const contactPatch = z
  .object({
    /** The name the team uses; null (or empty) goes back to the platform's name. */
    name: freeText(100)
      .transform((s) => s.trim() || null)
      .nullable()
      .optional(),
    notes: freeText(5000).optional(),
    customFields: z
      .array(z.object({ key: fieldKey, value: freeText(500) }).strict())
      .max(MAX_CUSTOM_FIELDS)
      .refine((fields) => new Set(fields.map((f) => f.key.toLowerCase())).size === fields.length, "field names must differ")
      .optional(),
  })
  .strict();

export type ContactPatch = z.infer<typeof contactPatch>;

/** The contact panel's data: the account's own contact only (another account's is a 404). */
export async function getContactDetails(opts: { accountId: string; userId: Viewer; contactId: string }): Promise<ContactDetailsDto> {
  const c = await db().contact.findFirst({
    where: { id: opts.contactId, accountId: opts.accountId, ...inboxWhere(await scopeOf(opts)) },
    include: { integration: { select: { channel: true, name: true } }, conversation: { select: { id: true } } },
  });
  if (!c) throw notFound("Contact not found", "contact_not_found");
  return {
    id: c.id,
    conversationId: c.conversation?.id ?? null,
    name: c.displayName || c.name,
    platformName: c.name,
    renamed: !!c.displayName,
    externalId: c.externalId,
    channel: c.integration.channel,
    integrationName: c.integration.name,
    followed: c.followed,
    notes: c.notes,
    customFields: readFields(c.customFields),
    detailsVersion: c.detailsVersion,
    createdAt: c.createdAt.toISOString(),
  };
}

/**
 * The team's edit of a contact. The name shows in the list and the thread, so the
 * conversation is stamped and announced to the account like any change of it; notes
 * and fields are not in the event (kept slim): its detailsVersion tells viewers to reload.
 */
export async function updateContactDetails(opts: { accountId: string; userId: Viewer; contactId: string; patch: ContactPatch }): Promise<ContactDetailsDto> {
  const { accountId, contactId, patch } = opts;
  // A contact of an inbox the member does not work in: 404, like another account's.
  const scope = await scopeOf(opts);
  const changed = await db().$transaction(async (tx) => {
    // Contact first, then (in stampChanges) its conversation and the inbox: the order every writer keeps.
    const { count } = await tx.contact.updateMany({
      where: { id: contactId, accountId, ...inboxWhere(scope) },
      data: {
        ...(patch.name !== undefined ? { displayName: patch.name } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        ...(patch.customFields !== undefined ? { customFields: patch.customFields } : {}),
        detailsVersion: { increment: 1 },
      },
    });
    if (!count) throw notFound("Contact not found", "contact_not_found");
    const row = await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select: { integrationId: true, conversation: { select: { id: true } } } });
    const conversationId = row.conversation?.id;
    if (!conversationId) return null;
    const seq = await stampChanges(tx, { integrationId: row.integrationId, messageIds: [], conversationIds: [conversationId] });
    return { seq, integrationId: row.integrationId, conversationId };
  });
  if (changed) await announce({ accountId, integrationId: changed.integrationId, seq: changed.seq, changes: { ...noChanges(), conversationIds: [changed.conversationId] } });
  return getContactDetails({ accountId, userId: opts.userId, contactId });
}

function readFields(raw: unknown): CustomField[] {
  const value = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
  if (!Array.isArray(value)) return [];
  return value.flatMap((f: unknown) => {
    const { key, value: v } = (f ?? {}) as { key?: unknown; value?: unknown };
    return typeof key === "string" && typeof v === "string" ? [{ key, value: v }] : [];
  });
}
