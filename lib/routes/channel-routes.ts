import { errorResponse } from "@/lib/errors";
import { channelIds, type Channel } from "@/lib/channels/channel-ids";
import { findChannelOrThrow } from "@/lib/channels/find-channel";
import { channels } from "@/lib/channels/registry";
import { webhookHandler, webhookRoute, type WebhookAnswer, type WebhookRequest } from "@/lib/http/webhook-route";
import { replyRoute } from "@/lib/routes/reply-route";
import { receiveWebhook } from "@/lib/routes/receive-webhook";

type Ctx = { params: Promise<unknown> };
type Handler = (req: Request, ctx: Ctx) => Promise<Response>;

const perChannel = <T>(make: (id: Channel) => T) => Object.fromEntries(channelIds.map((id) => [id, make(id)])) as Record<Channel, T>;
const webhookPosts = perChannel((id) => webhookRoute(channels[id].webhook.signatureHeader, receiveWebhook(id)));

/** The same webhook handling for server.ts's way in before Next (lib/server/fast-webhooks.ts), and its signature header. */
export const webhookHandlers: Record<Channel, { signatureHeader: string; handle: (req: WebhookRequest) => Promise<WebhookAnswer> }> = perChannel((id) => ({
  signatureHeader: channels[id].webhook.signatureHeader,
  handle: webhookHandler(receiveWebhook(id)),
}));
const replyPosts = perChannel((id) => replyRoute(id));

const channelOf = async (ctx: Ctx) => ((await ctx.params) as { channel?: unknown } | undefined)?.channel;

/** Resolves the [channel] segment first: an unknown channel is a 404 before anything else is looked at. */
function dispatch(pick: (channel: Channel, req: Request, ctx: Ctx) => Promise<Response> | Response): Handler {
  return async (req, ctx) => {
    try {
      const channel = findChannelOrThrow(await channelOf(ctx)).meta.id;
      return await pick(channel, req, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** POST /webhooks/:channel — the channel's signed webhook. */
export const postChannelWebhook = dispatch((channel, req) => webhookPosts[channel](req));

/** GET /webhooks/:channel — the platform's subscription handshake, where it has one (else 405). */
export const getChannelWebhook = dispatch((channel, req) => {
  const verify = channels[channel].webhook.verifySubscription;
  if (!verify) return new Response("Method Not Allowed", { status: 405, headers: { allow: "POST" } });
  const challenge = verify(new URL(req.url).searchParams);
  if (challenge === null) return new Response("Forbidden", { status: 403 });
  return new Response(challenge, { status: 200, headers: { "content-type": "text/plain" } });
});

/** POST /api/:channel/conversations/:id/messages — an agent's reply through that channel. */
export const postChannelReply = dispatch((channel, req, ctx) => replyPosts[channel](req, ctx));
