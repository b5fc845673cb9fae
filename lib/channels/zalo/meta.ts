import type { ChannelMeta } from "../channel-meta";
import { zaloOutboundAttachments } from "./attachments";
import { zaloCredentials } from "./credentials";
import { zaloReplyWindow } from "./window";

export const zaloMeta: ChannelMeta = {
  id: "zalo",
  label: "Zalo",
  integrationNoun: "Zalo OA",
  contactIdLabel: "Zalo user id",
  fallbackName: (userId) => `Zalo user ${userId.slice(-4)}`,
  glyph: {
    shape: "rounded",
    background: "#0068ff",
    paths: [{ d: "M7.5 8h9l-9 8h9", fill: "none", stroke: "#fff", strokeWidth: 2.2 }],
  },
  credentials: zaloCredentials,
  replyWindow: zaloReplyWindow,
  outboundAttachments: zaloOutboundAttachments,
  apiUrlEnv: ["ZALO_API_URL", "ZALO_OAUTH_URL"],
};
