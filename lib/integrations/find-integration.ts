import { db, systemDb } from "@/lib/db";
import type { Integration } from "@/lib/generated/prisma/client";
import type { Channel } from "@/lib/channels/channel-ids";
import type { IntegrationTarget } from "@/lib/channels/types";
import { openCredentials } from "@/lib/integrations/seal-credentials";
import { ensureProcessState } from "@/lib/process-state";

export type ResolvedIntegration = IntegrationTarget & { accountId: string; channel: Channel; needsReauth: boolean };

declare module "@/lib/process-state" {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- an interface, so that owners can add slots
  interface ProcessState {
    /** Integrations by `channel:externalId`, for TTL_MS (null: no such page / OA). */
    integrations: Map<string, { value: ResolvedIntegration | null; until: number }>;
  }
}

// Every webhook needs its integration; a short-lived cache saves a query and a decryption each time.
// Changes made on this node are seen at once (forgetIntegrations); other nodes see them within the TTL.
const TTL_MS = 5000;
const cache = () => ensureProcessState("integrations", () => new Map());

export function forgetIntegrations(): void {
  cache().clear();
}

/** Which account owns a page / OA: the tenant of every webhook is decided here. */
export async function findIntegration(channel: Channel, externalId: string): Promise<ResolvedIntegration | null> {
  const key = `${channel}:${externalId}`;
  const hit = cache().get(key);
  if (hit && hit.until > Date.now()) return hit.value;
  // Before the account is known, by the platform's id: the owner's client (the one cross-account lookup of a webhook).
  const row = await systemDb().integration.findUnique({ where: { channel_externalId: { channel, externalId } } });
  // A disconnected page / OA is like an unknown one: its webhooks are answered and ignored.
  const value = row && !row.disconnectedAt ? resolve(row) : null;
  if (cache().size > 10_000) cache().clear();
  cache().set(key, { value, until: Date.now() + TTL_MS });
  return value;
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
    credentials: openCredentials(row),
  };
}
