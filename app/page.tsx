import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { resolveSession } from "@/lib/auth/resolve-session";
import { getMe } from "@/lib/auth/get-me";
import { InboxApp } from "@/components/inbox/inbox-app";
import { asAccount } from "@/lib/tenancy/tenant-context";

export const dynamic = "force-dynamic";

export default async function InboxPage() {
  const session = await resolveSession({ headers: await headers() });
  if (!session) redirect("/login");
  return <InboxApp me={await asAccount(session.accountId, () => getMe(session))} />;
}
