import type { ChannelMeta } from "../channel-meta";
import { facebookOutboundAttachments } from "./attachments";
import { facebookCredentials } from "./credentials";
import { facebookReplyWindow } from "./window";

export const facebookMeta: ChannelMeta = {
  id: "facebook",
  label: "Facebook",
  integrationNoun: "Facebook page",
  contactIdLabel: "Page-scoped id",
  fallbackName: (psid) => `Facebook user ${psid.slice(-4)}`,
  glyph: {
    shape: "circle",
    background: "#1877f2",
    paths: [{ d: "M13.4 19.5v-6.2h2.1l.3-2.5h-2.4V9.3c0-.7.2-1.2 1.2-1.2h1.3V5.9a17 17 0 0 0-1.9-.1c-1.9 0-3.2 1.2-3.2 3.3v1.8H8.7v2.5h2.1v6.2z", fill: "#fff" }],
  },
  credentials: facebookCredentials,
  replyWindow: facebookReplyWindow,
  outboundAttachments: facebookOutboundAttachments,
  apiUrlEnv: ["FACEBOOK_GRAPH_API_URL"],
};
