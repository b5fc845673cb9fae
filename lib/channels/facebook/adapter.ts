import { z } from "zod";
import { env } from "@/lib/env";
import { callPlatform, UPLOAD_TIMEOUT_MS, type HttpResult } from "@/lib/channels/http-call";
import { httpUrlOrNull } from "@/lib/http/safe-url";
import type { IntegrationTarget, OutboundFile, Profile, SendOptions, SendResult } from "@/lib/channels/types";
import type { FacebookCredentials } from "@/lib/channels/facebook/credentials";

type Target = IntegrationTarget<FacebookCredentials>;

const graphError = z.object({
  error: z.object({ message: z.string().default("Graph API error"), code: z.number().optional(), error_subcode: z.number().optional() }),
});
const sent = z.object({ message_id: z.string() });
const profile = z.object({ first_name: z.string().optional(), last_name: z.string().optional(), profile_pic: z.string().optional() });

// Graph error 190 is "invalid OAuth access token": the page must be reconnected.
const TOKEN_INVALID = 190;
// (#10) "This message is sent outside of allowed window": code 10 is a generic permission error,
// the subcode says it is the messaging window (Messenger Platform error codes).
const OUTSIDE_WINDOW = { code: 10, subcodes: [2018278] };

/** Within 24 h a plain response; later (up to 7 days) only a person's reply, tagged HUMAN_AGENT. */
function messagingType(opts: SendOptions | undefined) {
  return opts?.window === "human_agent" ? { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" } : { messaging_type: "RESPONSE" };
}

const sendUrl = (integration: Target) => `${env().facebookGraphApiUrl}/${integration.externalId}/messages?access_token=${encodeURIComponent(integration.credentials.accessToken)}`;

function sendResult(res: HttpResult): SendResult {
  if (!res.reached) return { ok: false, code: "timeout", message: res.error, tokenInvalid: false };
  const ok = sent.safeParse(res.body);
  if (res.status === 200 && ok.success) return { ok: true, externalId: ok.data.message_id };
  const err = graphError.safeParse(res.body);
  const code = err.success ? err.data.error.code : undefined;
  const subcode = err.success ? err.data.error.error_subcode : undefined;
  return {
    ok: false,
    code: String(code ?? res.status),
    message: err.success ? err.data.error.message : `Graph API answered ${res.status}`,
    tokenInvalid: code === TOKEN_INVALID,
    outsideWindow: code === OUTSIDE_WINDOW.code && subcode !== undefined && OUTSIDE_WINDOW.subcodes.includes(subcode),
  };
}

/** Messenger through the Graph API: Send API and user profiles, with the page access token. */
export const facebookAdapter = {
  async sendText(integration: Target, recipient: string, text: string, opts?: SendOptions): Promise<SendResult> {
    const res = await callPlatform(sendUrl(integration), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ recipient: { id: recipient }, ...messagingType(opts), message: { text } }),
    });
    return sendResult(res);
  },

  /**
   * Upload and send in one request (Send API "Upload from file"): multipart form fields `recipient`,
   * `messaging_type` (and `tag`), `message` = {"attachment":{"type","payload":{"is_reusable":false}}}
   * and the bytes as `filedata`. By upload, not by URL: Inbox serves files only to members of the
   * account, so Messenger could not fetch them.
   */
  async sendAttachment(integration: Target, recipient: string, file: OutboundFile, opts?: SendOptions): Promise<SendResult> {
    const form = new FormData();
    form.append("recipient", JSON.stringify({ id: recipient }));
    for (const [k, v] of Object.entries(messagingType(opts))) form.append(k, v);
    form.append("message", JSON.stringify({ attachment: { type: file.as, payload: { is_reusable: false } } }));
    form.append("filedata", new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.name);
    // fetch sets the multipart content type with its boundary.
    const res = await callPlatform(sendUrl(integration), { method: "POST", body: form }, UPLOAD_TIMEOUT_MS);
    return sendResult(res);
  },

  async fetchProfile(integration: Target, psid: string): Promise<Profile | null> {
    const url = `${env().facebookGraphApiUrl}/${encodeURIComponent(psid)}?fields=first_name,last_name,profile_pic&access_token=${encodeURIComponent(integration.credentials.accessToken)}`;
    const res = await callPlatform(url, { method: "GET" });
    const p = profile.safeParse(res.reached && res.status === 200 ? res.body : null);
    if (!p.success) return null;
    const name = [p.data.first_name, p.data.last_name].filter(Boolean).join(" ").trim();
    return name ? { name, avatarUrl: httpUrlOrNull(p.data.profile_pic) } : null;
  },
};
