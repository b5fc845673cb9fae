import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { callPlatform } from "@/lib/channels/http-call";

/**
 * Zalo OAuth v4 for Official Accounts (developers.zalo.me, "Xác thực và ủy quyền cho ứng dụng"):
 * the admin consents at GET {ZALO_OAUTH_URL}/v4/oa/permission?app_id&redirect_uri&code_challenge&state,
 * Zalo redirects back with code, oa_id and state, and the code (with the PKCE verifier) or a refresh
 * token is traded at POST /v4/oa/access_token: form body, the app secret in a `secret_key` header.
 */

export type ZaloApp = { appId: string; appSecret: string };

/** What Zalo hands out: a token pair and when the access token dies (ISO). */
export type ZaloTokenPair = { accessToken: string; refreshToken: string; accessTokenExpiresAt: string };

export type TokenAnswer =
  | { ok: true; pair: ZaloTokenPair }
  /** `definitive`: Zalo itself refused (the grant is dead); otherwise no usable answer (try again later). */
  | { ok: false; definitive: boolean; code: string; message: string };

export type Grant = { grant: "authorization_code"; code: string; codeVerifier: string } | { grant: "refresh_token"; refreshToken: string };

/** PKCE (RFC 7636, S256): the verifier stays on the server; only its challenge goes to Zalo. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: pkceChallenge(verifier) };
}

export const pkceChallenge = (verifier: string): string => createHash("sha256").update(verifier).digest("base64url");

export function permissionUrl(o: { appId: string; redirectUri: string; challenge: string; state: string }): string {
  const query = new URLSearchParams({ app_id: o.appId, redirect_uri: o.redirectUri, code_challenge: o.challenge, state: o.state });
  return `${env().zaloOauthUrl}/v4/oa/permission?${query}`;
}

// `expires_in` is a string of seconds in Zalo's answers ("90000"); a number is accepted too.
const pairSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number).pipe(z.number().int().positive()),
});
const errorSchema = z.object({ error: z.number().int().refine((n) => n !== 0), error_name: z.string().optional(), error_description: z.string().optional(), message: z.string().optional() });

// The refusals an admin is most likely to meet, in words (Zalo's own descriptions are terse).
const explained: Record<string, string> = {
  "-14020": "Zalo refused the refresh token (-14020: already used, expired or revoked)",
};

export async function requestZaloToken(grant: Grant, o: ZaloApp & { now?: number }): Promise<TokenAnswer> {
  const form: Record<string, string> =
    grant.grant === "authorization_code"
      ? { code: grant.code, app_id: o.appId, grant_type: "authorization_code", code_verifier: grant.codeVerifier }
      : { refresh_token: grant.refreshToken, app_id: o.appId, grant_type: "refresh_token" };
  const res = await callPlatform(`${env().zaloOauthUrl}/v4/oa/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", secret_key: o.appSecret },
    body: new URLSearchParams(form).toString(),
  });
  if (!res.reached) return { ok: false, definitive: false, code: "timeout", message: `Zalo OAuth did not answer: ${res.error}` };
  const pair = pairSchema.safeParse(res.body);
  if (res.status === 200 && pair.success) {
    const expiresAt = new Date((o.now ?? Date.now()) + pair.data.expires_in * 1000).toISOString();
    return { ok: true, pair: { accessToken: pair.data.access_token, refreshToken: pair.data.refresh_token, accessTokenExpiresAt: expiresAt } };
  }
  const refusal = errorSchema.safeParse(res.body);
  if (refusal.success) {
    const code = String(refusal.data.error);
    const detail = refusal.data.error_description ?? refusal.data.error_name ?? refusal.data.message ?? "refused";
    return { ok: false, definitive: true, code, message: explained[code] ?? `Zalo refused the token request (${code}: ${detail})` };
  }
  // A 4xx without Zalo's error shape is still a refusal of this request; a 5xx or odd 200 is not.
  const definitive = res.status >= 400 && res.status < 500;
  return { ok: false, definitive, code: String(res.status), message: `Zalo OAuth answered ${res.status} without a token` };
}

const oaInfo = z.object({ error: z.literal(0), data: z.object({ oa_id: z.union([z.string(), z.number()]).transform(String), name: z.string().min(1) }) });

/** GET /v2.0/oa/getoa: which OA a fresh access token really belongs to, and its name. */
export async function fetchOaInfo(accessToken: string): Promise<{ oaId: string; name: string } | null> {
  const res = await callPlatform(`${env().zaloApiUrl}/v2.0/oa/getoa`, { method: "GET", headers: { access_token: accessToken } });
  const parsed = oaInfo.safeParse(res.reached && res.status === 200 ? res.body : null);
  return parsed.success ? { oaId: parsed.data.data.oa_id, name: parsed.data.data.name.slice(0, 200) } : null;
}
