import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { sealSecret } from "@/lib/integrations/secret-box";
import { forgetIntegrations } from "@/lib/integrations/find-integration";

export const facebookPageInput = z.object({
  accountId: z.string().min(1),
  pageId: z.string().regex(/^\d{5,32}$/, "must be the numeric page id"),
  name: z.string().min(1).max(200),
  pageAccessToken: z.string().min(10),
});

export const zaloOaInput = z.object({
  accountId: z.string().min(1),
  oaId: z.string().regex(/^\d{5,32}$/, "must be the numeric OA id"),
  appId: z.string().regex(/^\d{5,32}$/, "must be the numeric app id"),
  name: z.string().min(1).max(200),
  secretKey: z.string().min(4),
  accessToken: z.string().min(10),
});

/**
 * Connects a page or OA to an account, or refreshes its credentials (which also
 * clears "needs re-authorisation"). A page already owned by another account is refused.
 */
async function connect(accountId: string, channel: "facebook" | "zalo", externalId: string, data: { name: string; accessToken: string; appId?: string; secretKey?: string }) {
  await db().account.findUniqueOrThrow({ where: { id: accountId } }).catch(() => {
    throw new AppError("not_found", `No account ${accountId}`);
  });
  const existing = await db().integration.findUnique({ where: { channel_externalId: { channel, externalId } } });
  if (existing && existing.accountId !== accountId) throw new AppError("conflict", `That ${channel} id is connected to another account`);
  const fields = {
    name: data.name,
    accessToken: sealSecret(data.accessToken),
    appId: data.appId ?? null,
    secretKey: data.secretKey ? sealSecret(data.secretKey) : null,
    needsReauth: false,
  };
  const row = await db().integration.upsert({
    where: { channel_externalId: { channel, externalId } },
    create: { accountId, channel, externalId, ...fields },
    update: fields,
  });
  forgetIntegrations();
  return row;
}

export function connectFacebookPage(input: z.infer<typeof facebookPageInput>) {
  const i = facebookPageInput.parse(input);
  return connect(i.accountId, "facebook", i.pageId, { name: i.name, accessToken: i.pageAccessToken });
}

export function connectZaloOa(input: z.infer<typeof zaloOaInput>) {
  const i = zaloOaInput.parse(input);
  return connect(i.accountId, "zalo", i.oaId, { name: i.name, accessToken: i.accessToken, appId: i.appId, secretKey: i.secretKey });
}
