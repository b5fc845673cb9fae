import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { disconnectUser } from "@/lib/realtime/revoke";
import { recordAudit } from "@/lib/team/audit";

/** How long a reset link works: a day, like Chatwoot's. */
export const RESET_TTL_MS = 24 * 3_600_000;

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A new single-use link for a member to set a new password (shown once, to the admin, who
 * hands it over). A login is shared by every account the user belongs to, so an admin may
 * only reset one whose every account they administer: otherwise an admin of one account
 * could take over a login that opens another account.
 */
export async function createPasswordReset(opts: { accountId: string; actorId: string; userId: string }): Promise<{ url: string; expiresAt: string }> {
  const { accountId, actorId, userId } = opts;
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  // A login spans accounts, and so do this check and the links it replaces: the owner's client,
  // with every account of the user named explicitly (row-level security would hide the others
  // and let an admin of one account reset a login that opens another).
  await systemDb().$transaction(async (tx) => {
    const memberships = await tx.membership.findMany({ where: { userId }, select: { accountId: true, user: { select: { name: true } } } });
    const here = memberships.find((m) => m.accountId === accountId);
    // Another account's user is "not found", like any unknown id.
    if (!here) throw notFound("Member not found", "member_not_found");
    const elsewhere = memberships.filter((m) => m.accountId !== accountId).map((m) => m.accountId);
    if (elsewhere.length) {
      const administered = await tx.membership.count({ where: { userId: actorId, role: "admin", accountId: { in: elsewhere } } });
      if (administered < elsewhere.length) {
        throw new AppError("forbidden", "This member's login also opens another account: they can change their password only through an admin of every account they belong to", { reason: "shared_login" });
      }
    }
    // One live link per member: a new one ends the earlier ones.
    await tx.passwordReset.updateMany({ where: { userId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.passwordReset.create({ data: { accountId, userId, tokenHash: hashOf(token), createdById: actorId, expiresAt } });
    await recordAudit(tx, { accountId, actorId, action: "password_reset_created", target: here.user.name });
  });
  return { url: `${env().appUrl}/reset/${token}`, expiresAt: expiresAt.toISOString() };
}

/** What the reset page shows before anyone types: whose password, or null for a dead link. */
export async function describePasswordReset(token: string): Promise<{ email: string; name: string } | null> {
  // A link is all the visitor has: found by the token's hash, with the owner's client.
  const row = await systemDb().passwordReset.findUnique({ where: { tokenHash: hashOf(token) }, include: { user: { select: { email: true, name: true } } } });
  if (!row || row.usedAt || row.revokedAt || row.expiresAt <= new Date()) return null;
  return { email: row.user.email, name: row.user.name };
}

export const resetInput = z.object({
  token: z.string().min(10).max(200),
  password: z.string().min(10, "must be at least 10 characters").max(200),
});

/**
 * Sets the new password. The link is spent in the same transaction (a second use, a race,
 * an expired or replaced link: 400, nothing changed), and every session of the user ends —
 * on every node, in every account: whoever held the old password is out.
 */
export async function usePasswordReset(input: z.infer<typeof resetInput>): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  // The owner's client: the link names the account, and the user's sessions end in every account.
  const done = await systemDb().$transaction(async (tx) => {
    const now = new Date();
    const row = await tx.passwordReset.findUnique({ where: { tokenHash: hashOf(input.token) } });
    const spent = row ? await tx.passwordReset.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } }) : { count: 0 };
    if (!row || !spent.count) throw new AppError("bad_request", "This link has expired or was already used; ask an admin for a new one", { reason: "reset_invalid" });
    const user = await tx.user.update({ where: { id: row.userId }, data: { passwordHash }, select: { id: true, email: true, name: true } });
    await tx.authSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now, endReason: "password_reset" } });
    await recordAudit(tx, { accountId: row.accountId, actorId: user.id, action: "password_reset_used", target: user.name });
    return user;
  });
  await disconnectUser(done.id);
  return { email: done.email };
}
