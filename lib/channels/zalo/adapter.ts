import { z } from "zod";
import { env } from "@/lib/env";
import { callPlatform } from "@/lib/channels/http-call";
import { httpUrlOrNull } from "@/lib/http/safe-url";
import type { IntegrationTarget, Profile, SendResult } from "@/lib/channels/types";
import type { ZaloCredentials } from "@/lib/channels/zalo/credentials";
import { withZaloToken } from "@/lib/channels/zalo/access-token";

type Target = IntegrationTarget<ZaloCredentials>;

const answer = z.object({ error: z.number(), message: z.string().optional(), data: z.unknown().optional() });
const sentData = z.object({ message_id: z.string() });
const userData = z.object({ display_name: z.string().optional(), avatar: z.string().optional() });

// Zalo -216: "Access token is invalid" (expired or revoked): renewed once, then the OA must be reconnected.
const TOKEN_INVALID = -216;
// -230 "User has not interacted with the OA in the past 7 days"; -232 "... or the last interaction
// has expired": the consultation window is closed (lib/channels/zalo/window.ts).
const OUTSIDE_WINDOW = [-230, -232];

/** Zalo OA API v3: customer-service messages and user details, with the OA access token in a header. */
export const zaloAdapter = {
  async sendText(integration: Target, userId: string, text: string): Promise<SendResult> {
    const { result, renewal } = await withZaloToken(integration, (token) => sendCs(token, userId, text), (r) => !r.ok && r.tokenInvalid);
    // A refused token that renewing could not replace: say why; flag the OA only when reconnecting is the cure.
    if (!result.ok && result.tokenInvalid && renewal?.token === null) return { ...result, message: renewal.reason, tokenInvalid: renewal.reauth };
    return result;
  },

  async fetchProfile(integration: Target, userId: string): Promise<Profile | null> {
    const { result } = await withZaloToken(integration, (token) => fetchUser(token, userId), (r) => r.tokenRefused);
    return result.profile;
  },
};

/** POST /v3.0/oa/message/cs: a customer-service text message. */
async function sendCs(accessToken: string, userId: string, text: string): Promise<SendResult> {
    const res = await callPlatform(`${env().zaloApiUrl}/v3.0/oa/message/cs`, {
      method: "POST",
      headers: { "content-type": "application/json", access_token: accessToken },
      body: JSON.stringify({ recipient: { user_id: userId }, message: { text } }),
    });
    if (!res.reached) return { ok: false, code: "timeout", message: res.error, tokenInvalid: false };
    const parsed = answer.safeParse(res.body);
    // Zalo answers HTTP 200 for refusals too: error != 0 is a failure.
    if (res.status === 200 && parsed.success && parsed.data.error === 0) {
      const data = sentData.safeParse(parsed.data.data);
      if (data.success) return { ok: true, externalId: data.data.message_id };
    }
    const code = parsed.success ? parsed.data.error : undefined;
    return {
      ok: false,
      code: String(code ?? res.status),
      message: (parsed.success && parsed.data.message) || `Zalo answered ${res.status}`,
      tokenInvalid: code === TOKEN_INVALID || res.status === 401,
      outsideWindow: code !== undefined && OUTSIDE_WINDOW.includes(code),
    };
}

/** GET /v3.0/oa/user/detail: the user's display name and avatar. */
async function fetchUser(accessToken: string, userId: string): Promise<{ profile: Profile | null; tokenRefused: boolean }> {
    const query = encodeURIComponent(JSON.stringify({ user_id: userId }));
    const res = await callPlatform(`${env().zaloApiUrl}/v3.0/oa/user/detail?data=${query}`, {
      method: "GET",
      headers: { access_token: accessToken },
    });
    const parsed = answer.safeParse(res.reached && res.status === 200 ? res.body : null);
    const tokenRefused = (res.reached && res.status === 401) || (parsed.success && parsed.data.error === TOKEN_INVALID);
    if (!parsed.success || parsed.data.error !== 0) return { profile: null, tokenRefused };
    const user = userData.safeParse(parsed.data.data);
    if (!user.success || !user.data.display_name) return { profile: null, tokenRefused };
    return { profile: { name: user.data.display_name, avatarUrl: httpUrlOrNull(user.data.avatar) }, tokenRefused };
}
