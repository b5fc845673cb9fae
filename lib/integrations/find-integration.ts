import { db } from "@/lib/db";
import type { Integration } from "@/lib/generated/prisma/client";
import type { Channel } from "@/lib/inbox/dto";
import type { IntegrationTarget } from "@/lib/channels/types";
import { openSecret } from "@/lib/integrations/secret-box";

export type ResolvedIntegration = IntegrationTarget & { accountId: string; channel: Channel; needsReauth: boolean };

/** Which account owns a page / OA: the tenant of every webhook is decided here. */
export async function findIntegration(channel: Channel, externalId: string): Promise<ResolvedIntegration | null> {
  const row = await db().integration.findUnique({ where: { channel_externalId: { channel, externalId } } });
  return row ? resolve(row) : null;
}

export async function findIntegrationById(id: string): Promise<ResolvedIntegration> {
  return resolve(await db().integration.findUniqueOrThrow({ where: { id } }));
}

function resolve(row: Integration): ResolvedIntegration {
  return {
    id: row.id,
    accountId: row.accountId,
    channel: row.channel,
    externalId: row.externalId,
    needsReauth: row.needsReauth,
    credentials: {
      accessToken: openSecret(row.accessToken),
      appId: row.appId,
      secretKey: row.secretKey ? openSecret(row.secretKey) : null,
    },
  };
}
