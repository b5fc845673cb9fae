import { db } from "@/lib/db";

export type IntegrationEventDto = {
  id: string;
  integrationId: string;
  integrationName: string;
  channel: string;
  kind: string;
  action: string | null;
  detail: unknown;
  occurredAt: string;
};

/**
 * What the platforms said about the account's integrations (Messenger policy enforcement,
 * app roles), newest first. The account comes from the session; nothing of another account.
 */
export async function listIntegrationEvents(opts: { accountId: string; limit?: number }): Promise<IntegrationEventDto[]> {
  const rows = await db().integrationEvent.findMany({
    where: { accountId: opts.accountId },
    include: { integration: { select: { name: true, channel: true } } },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 50,
  });
  return rows.map((r) => ({
    id: r.id,
    integrationId: r.integrationId,
    integrationName: r.integration.name,
    channel: r.integration.channel,
    kind: r.kind,
    action: r.action,
    detail: r.detail,
    occurredAt: r.occurredAt.toISOString(),
  }));
}
