import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db, systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { createId } from "@/lib/create-id";
import { setProcessState } from "@/lib/process-state";
import { readStoredCredentials, sealStoredCredentials } from "@/lib/stored-credentials";
import { openSecret, sealSecret } from "@/lib/secret-box";
import type { ChannelOAuth, OAuthActor } from "@/lib/channels/channel-definition";
import { zaloCredentials, type ZaloCredentials } from "@/lib/channels/zalo/credentials";
import { lockZaloTokens } from "@/lib/channels/zalo/access-token";
import { createPkce, fetchOaInfo, permissionUrl, requestZaloToken, type ZaloApp } from "@/lib/channels/zalo/oauth-client";

/** How long an admin has between "Connect" and Zalo's redirect back. */
const ATTEMPT_TTL_MS = 10 * 60_000;

const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

export const zaloCallbackPath = "/api/integrations/zalo/oauth/callback";

function configuredApp(): ZaloApp {
  const app = env().zaloApp;
  if (!app) throw new AppError("conflict", "Connecting a Zalo OA needs ZALO_APP_ID and ZALO_APP_SECRET on the server", { reason: "zalo_app_not_configured" });
  return app;
}

const startInput = z.object({ secretKey: z.string().trim().max(200).optional() });

/**
 * Step 1: a PKCE verifier and a random state, kept in the database (the verifier sealed) for
 * this admin, account and session only; the browser gets the consent URL, which carries the
 * challenge, never the verifier.
 */
async function start(o: { actor: OAuthActor; input: Record<string, string> }): Promise<{ url: string }> {
  const app = configuredApp();
  const { secretKey } = startInput.parse(o.input);
  if (secretKey !== undefined && secretKey.length > 0 && secretKey.length < 4) throw new AppError("bad_request", "The OA secret key is too short", { reason: "secret_too_short" });
  const state = randomBytes(32).toString("base64url");
  const pkce = createPkce();
  const now = Date.now();
  // Housekeeping: attempts nobody finished, of every account (sealed verifiers and keys are kept no longer than needed).
  await systemDb().oAuthAttempt.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await db().oAuthAttempt.create({
    data: {
      stateHash: hashState(state),
      accountId: o.actor.accountId,
      userId: o.actor.userId,
      sessionId: o.actor.sessionId,
      channel: "zalo",
      codeVerifier: sealSecret(pkce.verifier),
      secretKey: secretKey ? sealSecret(secretKey) : null,
      expiresAt: new Date(now + ATTEMPT_TTL_MS),
    },
  });
  return { url: permissionUrl({ appId: app.appId, redirectUri: `${env().appUrl}${zaloCallbackPath}`, challenge: pkce.challenge, state }) };
}

const callbackQuery = z.object({
  code: z.string().min(1).max(4096),
  state: z.string().min(1).max(256),
  oa_id: z.string().regex(/^\d{5,32}$/),
});

/**
 * Step 2, Zalo's redirect back: the attempt is consumed (once, and only by the session that
 * started it), the code is traded with the verifier, the OA the token really belongs to is
 * checked, and the integration is created or updated for the admin's account — never moved
 * from another account.
 */
async function finish(o: { actor: OAuthActor; query: URLSearchParams }): Promise<{ integrationId: string; externalId: string; name: string }> {
  const app = configuredApp();
  const parsed = callbackQuery.safeParse(Object.fromEntries(o.query));
  if (!parsed.success) throw new AppError("bad_request", "Zalo's redirect is missing its code, state or oa_id (was consent refused?)", { reason: "oauth_redirect_incomplete" });
  const q = parsed.data;
  const attempt = await consumeAttempt(o.actor, q.state);
  // Whether another account has this OA is a question across accounts: the owner's client.
  const existing = await systemDb().integration.findUnique({ where: { channel_externalId: { channel: "zalo", externalId: q.oa_id } } });
  // Checked before the code is traded: no token is issued for an OA this account may not have.
  if (existing && existing.accountId !== o.actor.accountId) throw new AppError("conflict", "That Zalo OA is connected to another account", { reason: "page_taken", params: { channel: "Zalo" } });
  const typedKey = attempt.secretKey ? openSecret(attempt.secretKey) : null;
  const secretKey = typedKey ?? (existing ? zaloCredentials.safeParse(readStoredCredentials(existing)).data?.secretKey : undefined);
  if (!secretKey) throw new AppError("bad_request", "Enter the OA secret key (Zalo app → Webhooks) to connect a new OA", { reason: "secret_required" });

  const answer = await requestZaloToken({ grant: "authorization_code", code: q.code, codeVerifier: openSecret(attempt.codeVerifier) }, app);
  if (!answer.ok) throw new AppError("platform_error", answer.message, { platformCode: answer.code, reason: "zalo_token_refused", params: { said: answer.message } });
  // The oa_id in the redirect is only a claim of the browser's URL: the token says which OA it is for.
  const oa = await fetchOaInfo(answer.pair.accessToken);
  if (!oa) throw new AppError("platform_error", "Zalo did not tell which OA the new token belongs to", { reason: "oauth_no_oa" });
  if (oa.oaId !== q.oa_id) throw new AppError("bad_request", "Zalo authorised another OA than the redirect names", { reason: "oauth_other_oa" });

  const credentials: ZaloCredentials = { appId: app.appId, secretKey, ...answer.pair };
  const integrationId = await connect({ accountId: o.actor.accountId, oaId: oa.oaId, name: oa.name, credentials, existingId: existing?.id ?? null });
  forgetCachedIntegrations();
  log().info({ integrationId, channel: "zalo", accountId: o.actor.accountId, reconnected: Boolean(existing) }, "zalo OA connected through OAuth");
  return { integrationId, externalId: oa.oaId, name: oa.name };
}

const unknownAttempt = () => new AppError("bad_request", "This Zalo connection was not started from this session, has expired or was already used: start again from Settings", { reason: "oauth_attempt_unknown" });

/** Deletes the attempt only when it is this session's, unexpired: one use, and nobody else's. */
async function consumeAttempt(actor: OAuthActor, state: string) {
  const where = { stateHash: hashState(state), channel: "zalo" as const, accountId: actor.accountId, userId: actor.userId, sessionId: actor.sessionId, expiresAt: { gt: new Date() } };
  const attempt = await db().oAuthAttempt.findFirst({ where });
  if (!attempt) throw unknownAttempt();
  // Two callbacks racing with the same state: only one deletes the row.
  const { count } = await db().oAuthAttempt.deleteMany({ where: { id: attempt.id, ...where } });
  if (count !== 1) throw unknownAttempt();
  return attempt;
}

/**
 * Insert or update in one statement: the update applies only to a row of the same account, so
 * two accounts racing for one OA cannot end with one's tokens in the other's integration. A
 * reconnection takes the token lock so an in-flight renewal cannot overwrite the new pair.
 */
async function connect(c: { accountId: string; oaId: string; name: string; credentials: ZaloCredentials; existingId: string | null }): Promise<string> {
  const sealed = sealStoredCredentials(zaloCredentials.parse(c.credentials));
  return db().$transaction(async (tx) => {
    if (c.existingId) await lockZaloTokens(tx, c.existingId);
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "Integration" ("id", "accountId", "channel", "externalId", "name", "credentials", "needsReauth", "reauthReason")
      VALUES (${createId()}, ${c.accountId}, 'zalo'::"Channel", ${c.oaId}, ${c.name}, ${sealed}, false, NULL)
      ON CONFLICT ("channel", "externalId") DO UPDATE SET
        "name" = EXCLUDED."name", "credentials" = EXCLUDED."credentials",
        "accessToken" = NULL, "appId" = NULL, "secretKey" = NULL, "needsReauth" = false, "reauthReason" = NULL
      WHERE "Integration"."accountId" = EXCLUDED."accountId"
      RETURNING "id"`;
    const row = rows[0];
    if (!row) throw new AppError("conflict", "That Zalo OA is connected to another account", { reason: "page_taken", params: { channel: "Zalo" } });
    return row.id;
  });
}

export const zaloOAuth: ChannelOAuth = {
  enabled: () => env().zaloApp !== null,
  fields: { secretKey: { label: "OA secret key", hint: "From the Zalo app's Webhooks page; it checks the OA's webhook signatures. Leave empty to keep the current one when reconnecting." } },
  start,
  finish,
};

/** This node's cached integrations hold the old pair or state: the next lookup reads the row (lib/integrations/find-integration.ts owns the slot). */
function forgetCachedIntegrations(): void {
  setProcessState("integrations", undefined);
}
