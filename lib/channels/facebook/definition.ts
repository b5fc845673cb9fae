import { z } from "zod";
import { defineChannel, type ChannelDefinition } from "@/lib/channels/channel-definition";
import { facebookMeta } from "@/lib/channels/facebook/meta";
import { facebookCredentials } from "@/lib/channels/facebook/credentials";
import { facebookAdapter } from "@/lib/channels/facebook/adapter";
import { parseFacebookWebhook, verifyFacebookSubscription } from "@/lib/channels/facebook/receive-webhook";
import { buildFacebookWebhook } from "@/lib/channels/facebook/build-webhook";
import { verifyFacebookPage } from "@/lib/channels/facebook/verify-page";

/** Messenger: Graph API Send API, X-Hub-Signature-256 webhooks, Meta's subscription handshake. */
export const facebook: ChannelDefinition = defineChannel({
  meta: facebookMeta,
  credentials: facebookCredentials,
  adapter: facebookAdapter,
  webhook: {
    signatureHeader: "x-hub-signature-256",
    parse: (raw, signature) => parseFacebookWebhook(raw, signature),
    verifySubscription: verifyFacebookSubscription,
  },
  connect: {
    externalIdFlag: "page-id",
    externalId: z.string().regex(/^\d{5,32}$/, "must be the numeric page id"),
    credentialFlags: { token: "accessToken" },
    verify: verifyFacebookPage,
  },
  simulator: {
    flags: ["app-secret"],
    // The simulator is a script run beside the server: it signs with the secret the server is given.
    build: (m, o) => buildFacebookWebhook(m, o.flags["app-secret"] ?? (process.env.FACEBOOK_APP_SECRET?.trim() || "demo-app-secret")),
  },
});
