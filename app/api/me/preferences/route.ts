import { withSession } from "@/lib/auth/with-session";
import { getNotificationPreferences, notificationPreferencesPatch, updateNotificationPreferences } from "@/lib/team/notification-preferences";

export const dynamic = "force-dynamic";

/** The signed-in member's notification preferences in this account. */
export const GET = withSession({}, async ({ session }) =>
  Response.json({ preferences: await getNotificationPreferences({ accountId: session.accountId, userId: session.userId }) }),
);

/** Some of them changed (any member, agents too); the member's other tabs are told. */
export const PATCH = withSession({ body: notificationPreferencesPatch }, async ({ session, body }) =>
  Response.json({ preferences: await updateNotificationPreferences({ accountId: session.accountId, userId: session.userId, patch: body }) }),
);
