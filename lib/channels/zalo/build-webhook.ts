import { randomUUID } from "node:crypto";
import type { SignedRequest, SimulatedMessage } from "@/lib/channels/channel-definition";
import { zaloMac } from "@/lib/channels/zalo/verify-signature";

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
