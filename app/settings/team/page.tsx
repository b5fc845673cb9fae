import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { resolveSession } from "@/lib/auth/resolve-session";
import { getMe } from "@/lib/auth/get-me";
import { listMembers } from "@/lib/auth/list-members";
import { listInvites } from "@/lib/team/invites";
import { listAudit } from "@/lib/team/audit";
import { listInboxAccess } from "@/lib/team/inbox-access";
import { getAccountSettings } from "@/lib/team/account-settings";
import { TeamSettings } from "@/components/settings/team-settings";
import { asAccount } from "@/lib/tenancy/tenant-context";

export const dynamic = "force-dynamic";

/** Settings → Team, for admins: members and their roles, invite links, and who changed what. */
export default async function TeamSettingsPage() {
  const session = await resolveSession({ headers: await headers() });
  if (!session) redirect("/login");
  // Agents do not learn the page exists; its API routes answer them 403.
  if (session.role !== "admin") notFound();
  const [me, members, invites, audit, inboxAccess, settings] = await asAccount(session.accountId, () =>
    Promise.all([
      getMe(session),
      listMembers({ accountId: session.accountId, withEmails: true }),
      listInvites({ accountId: session.accountId }),
      listAudit({ accountId: session.accountId, limit: 50 }),
      listInboxAccess({ accountId: session.accountId }),
      getAccountSettings({ accountId: session.accountId }),
    ]),
  );
  return <TeamSettings me={me} members={members} invites={invites} audit={audit} inboxAccess={inboxAccess} autoAssign={settings.autoAssign} />;
}
