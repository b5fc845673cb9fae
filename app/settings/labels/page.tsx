import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { resolveSession } from "@/lib/auth/resolve-session";
import { getMe } from "@/lib/auth/get-me";
import { listLabels } from "@/lib/inbox/labels";
import { LabelsSettings } from "@/components/settings/labels-settings";
import { asAccount } from "@/lib/tenancy/tenant-context";

export const dynamic = "force-dynamic";

/** Settings → Labels, for admins: the account's labels, to add, rename, recolor or delete. */
export default async function LabelsSettingsPage() {
  const session = await resolveSession({ headers: await headers() });
  if (!session) redirect("/login");
  // Agents do not learn the page exists; its write routes answer them 403.
  if (session.role !== "admin") notFound();
  const [me, labels] = await asAccount(session.accountId, () => Promise.all([getMe(session), listLabels({ accountId: session.accountId })]));
  return <LabelsSettings accountName={me.account.name} labels={labels} />;
}
