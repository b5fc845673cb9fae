import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { toMember } from "@/lib/realtime/to-account";
import type { NotificationPreferences } from "@/lib/shared/notification-preferences";

export type { NotificationPreferences } from "@/lib/shared/notification-preferences";

/** Any of the preferences, at least one; nothing else. */
export const notificationPreferencesPatch = z
  .object({ sound: z.boolean(), desktop: z.boolean(), newConversations: z.boolean(), assigned: z.boolean(), mentions: z.boolean() })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "name at least one preference");

const columns = { notifySound: true, notifyDesktop: true, notifyNewConversations: true, notifyAssigned: true, notifyMentions: true } as const;
type Row = { notifySound: boolean; notifyDesktop: boolean; notifyNewConversations: boolean; notifyAssigned: boolean; notifyMentions: boolean };

const fromRow = (r: Row): NotificationPreferences => ({
  sound: r.notifySound,
  desktop: r.notifyDesktop,
  newConversations: r.notifyNewConversations,
  assigned: r.notifyAssigned,
  mentions: r.notifyMentions,
});

/** The signed-in member's preferences in this account (each membership has its own). */
export async function getNotificationPreferences(opts: { accountId: string; userId: string }): Promise<NotificationPreferences> {
  const m = await db().membership.findUnique({ where: { userId_accountId: { userId: opts.userId, accountId: opts.accountId } }, select: columns });
  if (!m) throw new AppError("unauthorized", "Not a member of this account", { reason: "not_a_member_here" });
  return fromRow(m);
}

/** Changes some of them, then tells the member's other tabs in this account (and only them). */
export async function updateNotificationPreferences(opts: {
  accountId: string;
  userId: string;
  patch: z.infer<typeof notificationPreferencesPatch>;
}): Promise<NotificationPreferences> {
  const { patch } = opts;
  const data = {
    ...(patch.sound !== undefined && { notifySound: patch.sound }),
    ...(patch.desktop !== undefined && { notifyDesktop: patch.desktop }),
    ...(patch.newConversations !== undefined && { notifyNewConversations: patch.newConversations }),
    ...(patch.assigned !== undefined && { notifyAssigned: patch.assigned }),
    ...(patch.mentions !== undefined && { notifyMentions: patch.mentions }),
  };
  const updated = await db().membership.updateMany({ where: { userId: opts.userId, accountId: opts.accountId }, data });
  if (updated.count === 0) throw new AppError("unauthorized", "Not a member of this account", { reason: "not_a_member_here" });
  const preferences = await getNotificationPreferences(opts);
  toMember(opts.accountId, opts.userId).emit("preferences-changed", { preferences });
  return preferences;
}
