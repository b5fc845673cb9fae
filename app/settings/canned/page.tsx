import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { resolveSession } from "@/lib/auth/resolve-session";
import { getMe } from "@/lib/auth/get-me";
import { listCannedReplies } from "@/lib/team/canned-replies";
import { CannedSettings } from "@/components/settings/canned-settings";
import { asAccount } from "@/lib/tenancy/tenant-context";

export const dynamic = "force-dynamic";

/** Settings → Canned replies, for admins: the snippets agents insert with /shortcut. */
export default async function CannedSettingsPage() {
  const session = await resolveSession({ headers: await headers() });
  if (!session) redirect("/login");
  // Agents do not learn the page exists; the API answers their writes 403 (they may read: the composer uses them).
  if (session.role !== "admin") notFound();
  const [me, cannedReplies] = await asAccount(session.accountId, () => Promise.all([getMe(session), listCannedReplies({ accountId: session.accountId })]));
  return <CannedSettings me={me} initial={cannedReplies} />;
}
