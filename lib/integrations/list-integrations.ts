import { db } from "@/lib/db";
import type { IntegrationSummary } from "@/lib/shared/integrations";

/** The account's pages / OAs with their state, oldest first; credentials are not even read. */
export async function listIntegrations(o: { accountId: string }): Promise<IntegrationSummary[]> {
  const rows = await db().integration.findMany({
    where: { accountId: o.accountId },
    select: { id: true, channel: true, externalId: true, name: true, needsReauth: true, reauthReason: true, disconnectedAt: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    externalId: r.externalId,
    name: r.name,
    state: r.disconnectedAt ? "disconnected" : r.needsReauth ? "needs_reconnection" : "connected",
    reason: r.disconnectedAt || r.needsReauth ? (r.reauthReason ?? "The platform refused its access token") : null,
    reasonCode: r.disconnectedAt ? "disconnected" : r.needsReauth ? (r.reauthReason ? "platform" : "token_refused") : null,
    createdAt: r.createdAt.toISOString(),
  }));
}
