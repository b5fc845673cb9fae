import { db, type Tx } from "@/lib/db";

/**
 * Which inboxes (integrations) of an account a member works in. `all`: every inbox,
 * those connected later too (admins always; agents unless an admin limited them,
 * lib/team/inbox-access.ts). Otherwise only `ids`. A user who is not a member sees nothing.
 */
export type InboxScope = { all: true } | { all: false; ids: string[] };

/**
 * Whose view a data-layer call answers for: a member's user id (scoped to the inboxes they
 * may see), or null for the system itself (webhooks, a member's removal), which sees the
 * whole account. Required wherever a conversation is looked up, so no caller forgets to say.
 */
export type Viewer = string | null;

/** The one place a member's inbox access is read: REST scoping, socket rooms and assignment all use it. */
export async function visibleInboxes(tx: Pick<Tx, "membership">, opts: { accountId: string; userId: string }): Promise<InboxScope> {
  const m = await tx.membership.findUnique({
    where: { userId_accountId: { userId: opts.userId, accountId: opts.accountId } },
    select: { role: true, allInboxes: true, inboxAccess: { select: { integrationId: true } } },
  });
  if (!m) return { all: false, ids: [] };
  if (m.role === "admin" || m.allInboxes) return { all: true };
  return { all: false, ids: m.inboxAccess.map((a) => a.integrationId) };
}

/** The scope of a viewer (null: the system, all of the account). */
export async function scopeOf(opts: { accountId: string; userId: Viewer }): Promise<InboxScope> {
  if (opts.userId === null) return { all: true };
  return visibleInboxes(db(), { accountId: opts.accountId, userId: opts.userId });
}

/** A Prisma `where` fragment on `integrationId` for rows of inboxes the scope may see ({} for all). */
export function inboxWhere(scope: InboxScope): { integrationId?: { in: string[] } } {
  return scope.all ? {} : { integrationId: { in: scope.ids } };
}

export function canSee(scope: InboxScope, integrationId: string): boolean {
  return scope.all || scope.ids.includes(integrationId);
}

/**
 * A Prisma `where` fragment for stored files the scope may see: all of the account's, or
 * for a member limited to some inboxes their own uploads and files of messages in those inboxes.
 */
export function fileWhere(scope: InboxScope, userId: string) {
  return scope.all ? {} : { OR: [{ uploadedById: userId }, { attachments: { some: { message: { integrationId: { in: scope.ids } } } } }] };
}
