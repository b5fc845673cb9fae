import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { channelIds } from "@/lib/channels/channel-ids";
import { channels } from "@/lib/channels/registry";
import { connectIntegration } from "@/lib/admin/connect-integration";
import { forgetIntegrations } from "@/lib/integrations/find-integration";
import { recordAudit } from "@/lib/team/audit";
import { toAccount } from "@/lib/realtime/to-account";
import { freeText } from "@/lib/http/safe-string";

const name = freeText(200)
  .transform((s) => s.trim())
  .pipe(z.string().min(1, "a name is required"));

/** Settings' token form: the channel's id field and credential fields, as the CLI takes them. */
export const connectBody = z
  .object({
    channel: z.enum(channelIds),
    externalId: z.string().trim().min(1).max(64),
    name,
    credentials: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.string().trim().min(1).max(1000)).refine((o) => Object.keys(o).length <= 10, "too many fields"),
  })
  .strict();

export const renameBody = z.object({ name }).strict();

/**
 * An admin connects a page / OA from Settings with its token (validated with the platform
 * first, as the CLI does: Graph's /me and subscribed_apps for a Page), or reconnects one that
 * was disconnected or whose token died. Another account's page is refused (409).
 */
export async function connectFromSettings(opts: { accountId: string; actorId: string; input: z.infer<typeof connectBody> }) {
  const { accountId, actorId, input } = opts;
  const def = channels[input.channel];
  // The channel's own rules for its id and secrets: a 400 saying which, before the platform is asked.
  const id = def.connect.externalId.safeParse(input.externalId);
  if (!id.success) throw new AppError("bad_request", `${def.meta.label}: the id ${id.error.issues[0]?.message ?? "is not valid"}`, { reason: "invalid_external_id", params: { channel: def.meta.label } });
  const parsed = def.credentials.safeParse(input.credentials);
  if (!parsed.success) throw new AppError("bad_request", `${def.meta.label}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "credentials"} ${i.message}`).join("; ")}`, { reason: "invalid_credentials", params: { channel: def.meta.label } });
  const credentials = parsed.data as Record<string, string>;
  const row = await connectIntegration({ accountId, channel: input.channel, externalId: input.externalId, name: input.name, credentials });
  await recordAudit(db(), { accountId, actorId, action: "integration_connected", target: `${def.meta.integrationNoun} ${row.name}` });
  toAccount(accountId).emit("integrations-changed");
  return { id: row.id, name: row.name, verified: row.verified };
}

export async function renameIntegration(opts: { accountId: string; actorId: string; integrationId: string; name: string }): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.integration.findFirst({ where: { id: opts.integrationId, accountId: opts.accountId }, select: { name: true } });
    if (!before) throw notFound("No such page or OA", "integration_not_found");
    await tx.integration.update({ where: { id: opts.integrationId }, data: { name: opts.name } });
    await recordAudit(tx, { accountId: opts.accountId, actorId: opts.actorId, action: "integration_renamed", target: before.name, detail: opts.name });
  });
  forgetIntegrations();
  toAccount(opts.accountId).emit("integrations-changed");
}

/**
 * Disconnects a page / OA: its credentials are erased, its webhooks are answered and ignored,
 * replies through it are refused (409) and the composer says why; its conversations stay,
 * readable, and come back to life when it is connected again. (The row stays, so nobody else
 * can claim the page while this account holds its history.)
 */
export async function disconnectIntegration(opts: { accountId: string; actorId: string; integrationId: string }): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.integration.findFirst({ where: { id: opts.integrationId, accountId: opts.accountId }, select: { name: true, channel: true } });
    if (!row) throw notFound("No such page or OA", "integration_not_found");
    await tx.integration.update({
      where: { id: opts.integrationId },
      data: { disconnectedAt: new Date(), credentials: null, accessToken: null, appId: null, secretKey: null, needsReauth: true, reauthReason: "Disconnected by an admin: connect it again in Settings → Channels" },
    });
    await recordAudit(tx, { accountId: opts.accountId, actorId: opts.actorId, action: "integration_disconnected", target: `${channels[row.channel].meta.integrationNoun} ${row.name}` });
  });
  forgetIntegrations();
  // Open conversations of it pause at once (the composer says why), in every tab of the account.
  toAccount(opts.accountId).emit("integrations-changed");
}
