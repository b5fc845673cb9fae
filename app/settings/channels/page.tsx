import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { resolveSession } from "@/lib/auth/resolve-session";
import { getMe } from "@/lib/auth/get-me";
import { listIntegrations } from "@/lib/integrations/list-integrations";
import { oauthOffers, tokenOffers } from "@/lib/routes/integration-routes";
import { ChannelSettings } from "@/components/settings/channel-settings";
import { listIntegrationEvents } from "@/lib/inbox/list-integration-events";
import { asAccount } from "@/lib/tenancy/tenant-context";

export const dynamic = "force-dynamic";

/** Settings → Channels, for admins: what is connected, what needs reconnecting and why, and Connect buttons. */
export default async function ChannelsSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await resolveSession({ headers: await headers() });
  if (!session) redirect("/login");
  // Agents do not learn the page exists; its API routes answer them 403.
  if (session.role !== "admin") notFound();
  const [me, integrations, events] = await asAccount(session.accountId, () =>
    Promise.all([getMe(session), listIntegrations({ accountId: session.accountId }), listIntegrationEvents({ accountId: session.accountId, limit: 20 })]),
  );
  const notices = events.map((e) => ({ id: e.id, integrationName: e.integrationName, channel: e.channel, kind: e.kind, action: e.action, reason: noticeReason(e.detail), at: e.occurredAt }));
  const connected = (await searchParams).connected;
  return <ChannelSettings me={me} integrations={integrations} notices={notices} offers={oauthOffers()} tokenOffers={tokenOffers()} connected={typeof connected === "string" ? connected.slice(0, 200) : null} />;
}

/** The platform's own words, when it gave a reason (Messenger policy enforcement has one). */
function noticeReason(detail: unknown): string | null {
  const reason = detail && typeof detail === "object" && "reason" in detail ? (detail as { reason: unknown }).reason : null;
  return typeof reason === "string" ? reason.slice(0, 500) : null;
}
