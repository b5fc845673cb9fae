import { z } from "zod";
import { env } from "@/lib/env";
import { callPlatform, type HttpResult } from "@/lib/channels/http-call";
import type { ConnectCheck } from "@/lib/channels/channel-definition";
import type { FacebookCredentials } from "@/lib/channels/facebook/credentials";

/**
 * The page webhook fields the inbox handles (Messenger Platform webhook events reference,
 * developers.facebook.com/docs/messenger-platform/webhooks): messages and their echoes, delivery and
 * read receipts, postbacks, optins, referrals, edits, reactions, policy enforcement.
 */
export const FACEBOOK_WEBHOOK_FIELDS = [
  "messages",
  "message_echoes",
  "message_deliveries",
  "message_reads",
  "messaging_postbacks",
  "messaging_optins",
  "messaging_referrals",
  "message_edits",
  "message_reactions",
  "messaging_policy_enforcement",
] as const;

const graphError = z.object({ error: z.object({ message: z.string().default("Graph API error"), code: z.number().optional(), error_subcode: z.number().optional() }) });
const me = z.object({ id: z.string(), name: z.string().optional() });
const subscribed = z.object({ success: z.literal(true) });

function refusal(what: string, step: "token" | "subscribe", res: HttpResult): Extract<ConnectCheck, { ok: false }> {
  if (!res.reached) return { ok: false, reason: `${what}: Graph did not answer (${res.error})`, step: "unreachable", said: res.error };
  const err = graphError.safeParse(res.body);
  if (!err.success) return { ok: false, reason: `${what}: Graph answered ${res.status}`, step, said: `HTTP ${res.status}` };
  const code = [err.data.error.code, err.data.error.error_subcode].filter((c) => c !== undefined).join("/");
  const said = `${err.data.error.message}${code ? ` (code ${code})` : ""}`;
  return { ok: false, reason: `${what}: ${said}`, step, said };
}

/**
 * Before a page is stored: the token must be that page's (GET /me with a page token names the page),
 * and the app is subscribed to the page's webhook fields (POST /{page-id}/subscribed_apps), without
 * which Meta sends the page's messages nowhere.
 */
export async function verifyFacebookPage(pageId: string, credentials: FacebookCredentials): Promise<ConnectCheck> {
  const base = env().facebookGraphApiUrl;
  const token = encodeURIComponent(credentials.accessToken);
  const who = await callPlatform(`${base}/me?fields=id,name&access_token=${token}`, { method: "GET" });
  const page = me.safeParse(who.reached && who.status === 200 ? who.body : null);
  if (!page.success) return refusal("Graph refused the access token", "token", who);
  if (page.data.id !== pageId) {
    const named = page.data.name ? `"${page.data.name}" (${page.data.id})` : page.data.id;
    return { ok: false, reason: `The access token is not page ${pageId}'s: it names ${named}. Use that page's page access token.`, step: "wrong_page", params: { pageId, named } };
  }
  const fields = FACEBOOK_WEBHOOK_FIELDS.join(",");
  const sub = await callPlatform(`${base}/${encodeURIComponent(pageId)}/subscribed_apps?subscribed_fields=${fields}&access_token=${token}`, { method: "POST" });
  if (!(sub.reached && sub.status === 200 && subscribed.safeParse(sub.body).success)) return refusal("Graph refused to subscribe the app to the page's webhooks", "subscribe", sub);
  return { ok: true, summary: `page "${page.data.name ?? pageId}"; webhooks subscribed: ${fields}` };
}
