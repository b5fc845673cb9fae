import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db, systemDb } from "@/lib/db";
import { toAccount } from "@/lib/realtime/to-account";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/team/audit";

/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 24 * 3_600_000;

export type InviteSummary = { id: string; role: "admin" | "agent"; createdAt: string; expiresAt: string };

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new single-use link; the token is returned once (only its hash is kept). */
export async function createInvite(opts: { accountId: string; actorId: string; role: "admin" | "agent" }): Promise<{ invite: InviteSummary; url: string }> {
  const token = randomBytes(24).toString("base64url");
  const invite = await db().$transaction(async (tx) => {
    const row = await tx.invite.create({
      data: { accountId: opts.accountId, role: opts.role, tokenHash: hashOf(token), createdById: opts.actorId, expiresAt: new Date(Date.now() + INVITE_TTL_MS) },
    });
    await recordAudit(tx, { accountId: opts.accountId, actorId: opts.actorId, action: "invite_created", target: `${opts.role} invite` });
    return row;
  });
  return { invite: summary(invite), url: `${env().appUrl}/invite/${token}` };
}

/** Invites not yet used, revoked or expired. */
export async function listInvites(opts: { accountId: string }): Promise<InviteSummary[]> {
  const rows = await db().invite.findMany({
    where: { accountId: opts.accountId, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map(summary);
}

export async function revokeInvite(opts: { accountId: string; actorId: string; inviteId: string }): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.invite.updateMany({ where: { id: opts.inviteId, accountId: opts.accountId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (!count) throw notFound("No open invite with that id", "invite_not_found");
    await recordAudit(tx, { accountId: opts.accountId, actorId: opts.actorId, action: "invite_revoked", target: "invite" });
  });
}

/** What the invite page shows before anyone types: the account's name, or null for a dead link. */
export async function describeInvite(token: string): Promise<{ accountName: string; role: "admin" | "agent" } | null> {
  // A link is all the visitor has: its account is found by the token's hash, with the owner's client.
  const row = await systemDb().invite.findUnique({ where: { tokenHash: hashOf(token) }, include: { account: { select: { name: true } } } });
  if (!row || row.usedAt || row.revokedAt || row.expiresAt <= new Date()) return null;
  return { accountName: row.account.name, role: row.role };
}

export const acceptInput = z.object({
  token: z.string().min(10).max(200),
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(10, "must be at least 10 characters").max(200),
});

/**
 * Joins the invite's account. The link is spent in the same transaction (a second use, a
 * race of two, an expired or revoked link: 400, nothing created). A new email becomes a
 * user with the name and password typed; an existing one must give its own password, and
 * gains a membership (its name and password stay as they were).
 */
export async function acceptInvite(input: z.infer<typeof acceptInput>): Promise<{ email: string; accountId: string }> {
  // Users span accounts and the invitee has no session yet: the owner's client, here and in the transaction.
  const existing = await systemDb().user.findUnique({ where: { email: input.email } });
  if (existing && !(await verifyPassword(input.password, existing.passwordHash))) {
    throw new AppError("bad_request", "This email already has an Inbox login: type that login's password to join with it", { reason: "existing_user" });
  }
  const passwordHash = existing ? null : await hashPassword(input.password);
  const joined = await systemDb().$transaction(async (tx) => {
    const now = new Date();
    const invite = await tx.invite.findUnique({ where: { tokenHash: hashOf(input.token) } });
    const spent = invite
      ? await tx.invite.updateMany({ where: { id: invite.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
      : { count: 0 };
    if (!invite || !spent.count) throw new AppError("bad_request", "This invite link has expired or was already used; ask an admin for a new one", { reason: "invite_invalid" });
    const user = existing ?? (await tx.user.create({ data: { email: input.email, name: input.name, passwordHash: passwordHash! } }));
    const member = await tx.membership.findUnique({ where: { userId_accountId: { userId: user.id, accountId: invite.accountId } } });
    if (member) throw new AppError("conflict", "You are already a member of this account", { reason: "already_member" });
    await tx.membership.create({ data: { userId: user.id, accountId: invite.accountId, role: invite.role } });
    await tx.invite.update({ where: { id: invite.id }, data: { usedById: user.id } });
    await recordAudit(tx, { accountId: invite.accountId, actorId: user.id, action: "member_joined", target: user.name, detail: invite.role });
    return { email: user.email, accountId: invite.accountId };
  });
  toAccount(joined.accountId).emit("members-changed");
  return joined;
}

function summary(row: { id: string; role: "admin" | "agent"; createdAt: Date; expiresAt: Date }): InviteSummary {
  return { id: row.id, role: row.role, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString() };
}
