import { withSession } from "@/lib/auth/with-session";
import { accountSettingsPatch, getAccountSettings, updateAccountSettings } from "@/lib/team/account-settings";

export const dynamic = "force-dynamic";

/** The account's own settings (auto-assignment): admins only. */
export const GET = withSession({ role: "admin" }, async ({ session }) => Response.json({ settings: await getAccountSettings({ accountId: session.accountId }) }));

export const PATCH = withSession({ role: "admin", body: accountSettingsPatch }, async ({ session, body }) =>
  Response.json({ settings: await updateAccountSettings({ accountId: session.accountId, actorId: session.userId, patch: body }) }),
);
