import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { setProcessState } from "@/lib/process-state";
import { readStoredCredentials, sealStoredCredentials } from "@/lib/stored-credentials";
import type { IntegrationTarget } from "@/lib/channels/types";
import { zaloCredentials, type ZaloCredentials } from "@/lib/channels/zalo/credentials";
import { requestZaloToken } from "@/lib/channels/zalo/oauth-client";

type Target = IntegrationTarget<ZaloCredentials>;

/** Renewed this long before the access token's stated expiry, so no call races its death. */
export const RENEW_MARGIN_MS = 5 * 60_000;

/** A token to call the OA API with, or why there is none (`reauth`: only reconnecting the OA helps). */
export type Renewal = { token: string; renewed: boolean } | { token: null; reauth: boolean; reason: string };

export function expiresSoon(c: ZaloCredentials, now = Date.now()): boolean {
  // Legacy rows (no refresh token or no expiry) have nothing to renew with: used until refused.
  if (!c.refreshToken || !c.accessTokenExpiresAt) return false;
  return Date.parse(c.accessTokenExpiresAt) - now < RENEW_MARGIN_MS;
}

/**
 * Runs one OA API call with a valid access token: renewed first when it is about to expire,
 * and, when the API refuses it anyway (-216 / 401), renewed once and the call retried once.
 * `renewal` tells the caller why a refused token could not be replaced.
 */
export async function withZaloToken<R>(integration: Target, call: (token: string) => Promise<R>, refused: (r: R) => boolean): Promise<{ result: R; renewal: Renewal | null }> {
  let token = integration.credentials.accessToken;
  if (expiresSoon(integration.credentials)) {
    const early = await renewZaloToken({ integrationId: integration.id, rejected: null });
    // A failed early renewal keeps the old token: it has minutes left.
    if (early.token) token = early.token;
  }
  const first = await call(token);
  if (!refused(first)) return { result: first, renewal: null };
  const renewal = await renewZaloToken({ integrationId: integration.id, rejected: token });
  if (!renewal.token) return { result: first, renewal };
  return { result: await call(renewal.token), renewal };
}

// Callers on this node that need a new token for the same OA at once share one locked pass.
const inFlight = new Map<string, Promise<Renewal>>();

/**
 * A token other than `rejected` that is not about to expire: the one another node or request
 * stored meanwhile, or a new pair from Zalo. Refresh tokens are single-use (a second use is
 * -14020), so the refresh runs under a database lock per OA: exactly one process refreshes, the
 * others wait on the lock, re-read the row and use the pair it stored.
 */
export async function renewZaloToken(o: { integrationId: string; rejected: string | null }): Promise<Renewal> {
  const joined = inFlight.get(o.integrationId);
  if (joined) {
    const shared = await joined.catch(() => null);
    if (shared?.token && shared.token !== o.rejected) return shared;
  }
  const pass = renewLocked(o).finally(() => {
    if (inFlight.get(o.integrationId) === pass) inFlight.delete(o.integrationId);
  });
  inFlight.set(o.integrationId, pass);
  return pass;
}

async function renewLocked(o: { integrationId: string; rejected: string | null }): Promise<Renewal> {
  const outcome = await db().$transaction(
    async (tx) => {
      await lockZaloTokens(tx, o.integrationId);
      // Read after the lock: a pair committed by whoever held it is visible now.
      const row = await tx.integration.findUnique({ where: { id: o.integrationId } });
      if (!row || row.channel !== "zalo") return { token: null, reauth: false, reason: "The OA is no longer connected" } satisfies Renewal;
      const c = zaloCredentials.parse(readStoredCredentials(row));
      if (c.accessToken !== o.rejected && !expiresSoon(c)) return { token: c.accessToken, renewed: false } satisfies Renewal;
      if (row.needsReauth) return { token: null, reauth: true, reason: row.reauthReason ?? "The OA needs to be reconnected" } satisfies Renewal;
      if (!c.refreshToken) return flag(tx, row.id, "Zalo refused the access token and this OA has no refresh token: reconnect it from Settings");
      const app = env().zaloApp;
      if (!app) return { token: null, reauth: false, reason: "Zalo refused the access token; ZALO_APP_ID and ZALO_APP_SECRET are not set, so it cannot be renewed" } satisfies Renewal;
      if (app.appId !== c.appId) return { token: null, reauth: false, reason: `This OA was connected through Zalo app ${c.appId}, the server is configured for ${app.appId}` } satisfies Renewal;
      const answer = await requestZaloToken({ grant: "refresh_token", refreshToken: c.refreshToken }, app);
      if (!answer.ok) {
        if (answer.definitive) return flag(tx, row.id, `${answer.message}. Reconnect the OA from Settings.`);
        return { token: null, reauth: false, reason: answer.message } satisfies Renewal;
      }
      const next: ZaloCredentials = { ...c, ...answer.pair };
      await tx.integration.update({
        where: { id: row.id },
        data: { credentials: sealStoredCredentials(zaloCredentials.parse(next)), accessToken: null, appId: null, secretKey: null, needsReauth: false, reauthReason: null },
      });
      return { token: next.accessToken, renewed: true } satisfies Renewal;
    },
    // The token call (≤ 5 s) runs inside; waiting for another node's pass counts too.
    { maxWait: 20_000, timeout: 30_000 },
  );
  // This node's cache must not hand out the old pair (other nodes re-read under the lock).
  if (outcome.token === null) {
    forgetCachedIntegrations();
    log().warn({ integrationId: o.integrationId, channel: "zalo", reauth: outcome.reauth, reason: outcome.reason }, "zalo access token not renewed");
  } else if (outcome.renewed) {
    forgetCachedIntegrations();
    log().info({ integrationId: o.integrationId, channel: "zalo" }, "zalo access token renewed");
  }
  return outcome;
}

/**
 * The per-OA token lock, held to the end of the transaction. An advisory lock rather than the
 * Integration row: every webhook of the inbox updates that row (stampChanges), and must not wait
 * for a token request to Zalo. Works the same on PGlite.
 */
export async function lockZaloTokens(tx: Tx, integrationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`zalo-token:${integrationId}`}, 0))`;
}

async function flag(tx: Tx, integrationId: string, reason: string): Promise<Renewal> {
  await tx.integration.update({ where: { id: integrationId }, data: { needsReauth: true, reauthReason: reason } });
  return { token: null, reauth: true, reason };
}

/** This node's cached integrations hold the old pair or state: the next lookup reads the row (lib/integrations/find-integration.ts owns the slot). */
function forgetCachedIntegrations(): void {
  setProcessState("integrations", undefined);
}
