import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withSession } from "@/lib/auth/with-session";
import type { SessionContext } from "@/lib/auth/resolve-session";
import { channelIds } from "@/lib/channels/channel-ids";
import { channels } from "@/lib/channels/registry";
import { findChannelOrThrow } from "@/lib/channels/find-channel";
import type { ChannelOAuth, OAuthActor } from "@/lib/channels/channel-definition";
import { printableId } from "@/lib/http/safe-string";
import { listIntegrations } from "@/lib/integrations/list-integrations";
import type { OAuthChannelOffer, TokenChannelOffer } from "@/lib/shared/integrations";

const channelParams = z.object({ channel: printableId(32) });
// The start form's fields: few and short; each channel checks its own.
const startBody = z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.string().max(500)).refine((o) => Object.keys(o).length <= 10, "too many fields");

const actorOf = (s: SessionContext): OAuthActor => ({ userId: s.userId, accountId: s.accountId, sessionId: s.sessionId });

/** The channel's OAuth, or a 404 exactly like an unknown channel. */
function oauthOf(channel: string): ChannelOAuth {
  const oauth = findChannelOrThrow(channel).oauth;
  if (!oauth) throw new AppError("not_found", "No such channel", { reason: "channel_not_found" });
  return oauth;
}

/** Which channels Settings offers to connect through OAuth. */
export function oauthOffers(): OAuthChannelOffer[] {
  return channelIds.flatMap((id) => {
    const oauth = channels[id].oauth;
    if (!oauth) return [];
    const fields = Object.entries(oauth.fields).map(([name, f]) => ({ name, ...f }));
    return [{ channel: id, action: `Connect ${channels[id].meta.integrationNoun}`, enabled: oauth.enabled(), fields }];
  });
}

/** "page-id" → "Page id", "secret-key" → "Secret key": the CLI's flags, as form labels. */
const labelOf = (flag: string) => {
  const words = flag.split("-").map((w) => (w.length <= 2 ? w.toUpperCase() : w));
  const first = words[0] ?? "";
  return [first === first.toUpperCase() ? first : first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(" ");
};

/** Which channels Settings connects with a token form (the same fields as `npm run admin -- connect-<channel>`). */
export function tokenOffers(): TokenChannelOffer[] {
  return channelIds.map((id) => {
    const c = channels[id].connect;
    return {
      channel: id,
      action: `Connect a ${channels[id].meta.integrationNoun} with its token`,
      idLabel: labelOf(c.externalIdFlag),
      fields: Object.entries(c.credentialFlags).map(([flag, name]) => ({ name, label: labelOf(flag === "token" ? "access-token" : flag) })),
    };
  });
}

/** GET /api/integrations — the admin's account's pages / OAs and their state. */
export const getIntegrations = withSession({ role: "admin" }, async ({ session }) =>
  Response.json({ integrations: await listIntegrations({ accountId: session.accountId }), connect: oauthOffers() }),
);

/** POST /api/integrations/:channel/oauth/start — {url} of the platform's consent page. */
export const postOAuthStart = withSession({ role: "admin", params: channelParams, body: startBody, bodyLimit: 8 * 1024 }, async ({ session, params, body }) => {
  const oauth = oauthOf(params.channel);
  if (!oauth.enabled()) throw new AppError("conflict", "This server is not configured to connect that channel through OAuth", { reason: "oauth_not_configured" });
  return Response.json(await oauth.start({ actor: actorOf(session), input: body }));
});

/**
 * GET /api/integrations/:channel/oauth/callback — the platform's redirect back, in the admin's
 * browser (a top-level GET, so the Lax session cookie comes along). CSRF here is the state,
 * bound server-side to the session that started the attempt.
 */
export const getOAuthCallback = withSession({ role: "admin", params: channelParams }, async ({ req, session, params }) => {
  const done = await oauthOf(params.channel).finish({ actor: actorOf(session), query: new URL(req.url).searchParams });
  const to = new URL("/settings/channels", env().appUrl);
  to.searchParams.set("connected", done.name);
  return new Response(null, { status: 303, headers: { location: to.toString(), "cache-control": "no-store" } });
});
