import { z } from "zod";
import { db, systemDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { channelIds } from "@/lib/channels/channel-ids";
import { channels } from "@/lib/channels/registry";
import { sealCredentials } from "@/lib/integrations/seal-credentials";
import { forgetIntegrations } from "@/lib/integrations/find-integration";
import type { Integration } from "@/lib/generated/prisma/client";
import { asAccount } from "@/lib/tenancy/tenant-context";

export const integrationInput = z.object({
  accountId: z.string().min(1),
  channel: z.enum(channelIds),
  externalId: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  credentials: z.record(z.string(), z.string()),
});

/**
 * Connects a page / OA / ... to an account, or refreshes its credentials (which also
 * clears "needs re-authorisation"). One owned by another account is refused; so are
 * credentials the platform refuses (the channel's connect.verify), with its reason.
 */
export async function connectIntegration(input: z.infer<typeof integrationInput>): Promise<Integration & { verified: string | null }> {
  const i = integrationInput.parse(input);
  // The CLI calls this too: the account it names is the work's (a route's is the session's, the same).
  return asAccount(i.accountId, () => connectFor(i));
}

async function connectFor(i: z.infer<typeof integrationInput>): Promise<Integration & { verified: string | null }> {
  const def = channels[i.channel];
  const externalId = def.connect.externalId.parse(i.externalId);
  await db().account.findUniqueOrThrow({ where: { id: i.accountId } }).catch(() => {
    throw new AppError("not_found", `No account ${i.accountId}`, { reason: "account_not_found" });
  });
  // Whether another account has this page / OA is a question across accounts: the owner's client.
  const existing = await systemDb().integration.findUnique({ where: { channel_externalId: { channel: i.channel, externalId } } });
  if (existing && existing.accountId !== i.accountId) throw new AppError("conflict", `That ${i.channel} id is connected to another account`, { reason: "page_taken", params: { channel: def.meta.label } });
  // Asked before anything is written: a refused token leaves the stored one (and its state) as it was.
  const check = def.connect.verify ? await def.connect.verify(externalId, def.credentials.parse(i.credentials)) : null;
  if (check && !check.ok) throw new AppError("bad_request", `${def.meta.label} refused the connection. ${check.reason}`, {
      // Which step refused, and the platform's own words (quoted, never translated).
      reason: "platform_refused_connection",
      params: { channel: def.meta.label, step: check.step ?? "other", said: check.said ?? check.reason, ...check.params },
    });
  // Written to the sealed JSON only; the legacy columns are cleared so no stale secret stays behind.
  const fields = { name: i.name, credentials: sealCredentials(i.channel, i.credentials), accessToken: null, appId: null, secretKey: null, needsReauth: false, reauthReason: null, disconnectedAt: null };
  const row = await db().integration.upsert({
    where: { channel_externalId: { channel: i.channel, externalId } },
    create: { accountId: i.accountId, channel: i.channel, externalId, ...fields },
    update: fields,
  });
  forgetIntegrations();
  return { ...row, verified: check?.ok ? check.summary : null };
}

// The two channels' own entry points, kept for callers written before the registry.
export function connectFacebookPage(i: { accountId: string; pageId: string; name: string; pageAccessToken: string }) {
  return connectIntegration({ accountId: i.accountId, channel: "facebook", externalId: i.pageId, name: i.name, credentials: { accessToken: i.pageAccessToken } });
}

export function connectZaloOa(i: { accountId: string; oaId: string; appId: string; name: string; secretKey: string; accessToken: string }) {
  const credentials = { appId: i.appId, secretKey: i.secretKey, accessToken: i.accessToken };
  return connectIntegration({ accountId: i.accountId, channel: "zalo", externalId: i.oaId, name: i.name, credentials });
}
