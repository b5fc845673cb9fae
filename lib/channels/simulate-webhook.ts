import { randomUUID } from "node:crypto";
import { signFacebookBody } from "@/lib/channels/facebook/verify-signature";
import { zaloMac } from "@/lib/channels/zalo/verify-signature";

export type SimulatedMessage = { to: string; from: string; text: string; echo?: boolean; image?: string | undefined; mid?: string; timestamp?: number };
export type SignedRequest = { path: string; body: string; headers: Record<string, string> };

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

/** A Zalo OA webhook: user_send_* (or oa_send_* echo), mac over app_id + body + timestamp + OA secret key. */
export function buildZaloWebhook(m: SimulatedMessage, oa: { appId: string; secretKey: string }): SignedRequest {
  const timestamp = String(m.timestamp ?? Date.now());
  const kind = m.image ? "image" : "text";
  const payload = {
    app_id: oa.appId,
    user_id_by_app: m.from,
    event_name: `${m.echo ? "oa" : "user"}_send_${kind}`,
    timestamp,
    sender: { id: m.echo ? m.to : m.from },
    recipient: { id: m.echo ? m.from : m.to },
    message: {
      msg_id: m.mid ?? randomUUID().replace(/-/g, ""),
      text: m.text,
      ...(m.image ? { attachments: [{ type: "image", payload: { thumbnail: m.image, url: m.image } }] } : {}),
    },
  };
  const body = JSON.stringify(payload);
  return { path: "/webhooks/zalo", body, headers: { "x-zevent-signature": `mac=${zaloMac(oa.appId, body, timestamp, oa.secretKey)}` } };
}
