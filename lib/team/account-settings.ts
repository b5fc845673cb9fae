import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/team/audit";
import { toAccount } from "@/lib/realtime/to-account";

export type AccountSettings = { name: string; autoAssign: boolean };

export const accountSettingsPatch = z.object({ autoAssign: z.boolean() }).strict();

export async function getAccountSettings(opts: { accountId: string }): Promise<AccountSettings> {
  const a = await db().account.findUniqueOrThrow({ where: { id: opts.accountId }, select: { name: true, autoAssign: true } });
  return a;
}

/** An admin turns auto-assignment on or off (audited). */
export async function updateAccountSettings(opts: { accountId: string; actorId: string; patch: z.infer<typeof accountSettingsPatch> }): Promise<AccountSettings> {
  return db().$transaction(async (tx) => {
    const before = await tx.account.findUniqueOrThrow({ where: { id: opts.accountId }, select: { autoAssign: true } });
    const after = await tx.account.update({ where: { id: opts.accountId }, data: { autoAssign: opts.patch.autoAssign }, select: { name: true, autoAssign: true } });
    if (before.autoAssign !== after.autoAssign) {
      await recordAudit(tx, { accountId: opts.accountId, actorId: opts.actorId, action: after.autoAssign ? "auto_assign_on" : "auto_assign_off", target: "auto-assignment" });
    }
    return after;
  });
}

export const availabilityInput = z.object({ availability: z.enum(["online", "away"]) }).strict();

/** A member says whether they take new conversations (in the account they are signed in to). */
export async function setAvailability(opts: { accountId: string; userId: string; availability: "online" | "away" }): Promise<void> {
  await db().membership.update({ where: { userId_accountId: { userId: opts.userId, accountId: opts.accountId } }, data: { availability: opts.availability } });
  // Colleagues' agent lists (assign menus, the team page) show it at once.
  toAccount(opts.accountId).emit("members-changed");
}
