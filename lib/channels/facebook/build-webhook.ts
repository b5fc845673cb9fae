import { randomUUID } from "node:crypto";
import type { SignedRequest, SimulatedMessage } from "@/lib/channels/channel-definition";
import { signFacebookBody } from "@/lib/channels/facebook/verify-signature";

/** A Messenger webhook as Meta sends it: page entry, messaging item, X-Hub-Signature-256 over the raw body. */
export function buildFacebookWebhook(m: SimulatedMessage, appSecret: string): SignedRequest {
  const time = m.timestamp ?? Date.now();
  const page = m.to;
  const user = m.from;
  const payload = {
    object: "page",
    entry: [
      {
        id: page,
        time,
        messaging: [
          {
            sender: { id: m.echo ? page : user },
            recipient: { id: m.echo ? user : page },
            timestamp: time,
            message: {
              mid: m.mid ?? `m_${randomUUID()}`,
              ...(m.text ? { text: m.text } : {}),
              ...(m.echo ? { is_echo: true, app_id: 1 } : {}),
              ...(m.image ? { attachments: [{ type: "image", payload: { url: m.image } }] } : {}),
            },
          },
        ],
      },
    ],
  };
  const body = JSON.stringify(payload);
  return { path: "/webhooks/facebook", body, headers: { "x-hub-signature-256": signFacebookBody(body, appSecret) } };
}
