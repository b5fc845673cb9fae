import { z } from "zod";
import { defineChannel, type ChannelDefinition } from "@/lib/channels/channel-definition";
import { zaloMeta } from "@/lib/channels/zalo/meta";
import { zaloCredentials } from "@/lib/channels/zalo/credentials";
import { zaloAdapter } from "@/lib/channels/zalo/adapter";
import { parseZaloWebhook } from "@/lib/channels/zalo/receive-webhook";
import { buildZaloWebhook } from "@/lib/channels/zalo/build-webhook";
import { zaloOAuth } from "@/lib/channels/zalo/oauth-connect";

const numericId = (what: string) => z.string().regex(/^\d{5,32}$/, `must be the numeric ${what}`);

/** Zalo OA API v3: customer-service messages, X-ZEvent-Signature webhooks signed with the OA secret key. */
export const zalo: ChannelDefinition = defineChannel({
  meta: zaloMeta,
  credentials: zaloCredentials.extend({ appId: numericId("app id"), secretKey: z.string().min(4) }),
  adapter: zaloAdapter,
  webhook: {
    signatureHeader: "x-zevent-signature",
    parse: parseZaloWebhook,
  },
  connect: {
    externalIdFlag: "oa-id",
    externalId: numericId("OA id"),
    credentialFlags: { "app-id": "appId", "secret-key": "secretKey", token: "accessToken" },
  },
  oauth: zaloOAuth,
  simulator: {
    flags: ["oa-secret", "app-id"],
    build: (m, o) => {
      const appId = o.flags["app-id"] ?? o.demoCredentials?.appId;
      const secretKey = o.flags["oa-secret"] ?? o.demoCredentials?.secretKey;
      if (!appId || !secretKey) throw new Error("zalo: pass --oa-secret and --app-id for an OA that is not in the demo data");
      return buildZaloWebhook(m, { appId, secretKey });
    },
  },
});
