import { z } from "zod";
import { env } from "@/lib/env";
import { callPlatform, UPLOAD_TIMEOUT_MS, type HttpResult } from "@/lib/channels/http-call";
import { httpUrlOrNull } from "@/lib/http/safe-url";
import type { IntegrationTarget, OutboundFile, Profile, SendResult } from "@/lib/channels/types";
import type { ZaloCredentials } from "@/lib/channels/zalo/credentials";
import { withZaloToken } from "@/lib/channels/zalo/access-token";

type Target = IntegrationTarget<ZaloCredentials>;

const answer = z.object({ error: z.number(), message: z.string().optional(), data: z.unknown().optional() });
const sentData = z.object({ message_id: z.string() });
const uploaded = z.object({ attachment_id: z.string().optional(), token: z.string().optional() });
const userData = z.object({ display_name: z.string().optional(), avatar: z.string().optional() });

// Zalo -216: "Access token is invalid" (expired or revoked): renewed once, then the OA must be reconnected.
const TOKEN_INVALID = -216;
// -230 "User has not interacted with the OA in the past 7 days"; -232 "... or the last interaction
// has expired": the consultation window is closed (lib/channels/zalo/window.ts).
const OUTSIDE_WINDOW = [-230, -232];

/** Zalo OA API v3: customer-service messages and user details, with the OA access token in a header. */
export const zaloAdapter = {
  async sendText(integration: Target, userId: string, text: string): Promise<SendResult> {
    const { result, renewal } = await withZaloToken(integration, (token) => sendCs(token, userId, text), (r) => !r.ok && r.tokenInvalid);
    // A refused token that renewing could not replace: say why; flag the OA only when reconnecting is the cure.
    if (!result.ok && result.tokenInvalid && renewal?.token === null) return { ...result, message: renewal.reason, tokenInvalid: renewal.reauth };
    return result;
  },

  /** Uploads the file to the OA (its image, GIF or file endpoint), then sends it as a cs message. */
  async sendAttachment(integration: Target, userId: string, file: OutboundFile): Promise<SendResult> {
    const { result, renewal } = await withZaloToken(integration, (token) => uploadAndSend(token, userId, file), (r) => !r.ok && r.tokenInvalid);
    if (!result.ok && result.tokenInvalid && renewal?.token === null) return { ...result, message: renewal.reason, tokenInvalid: renewal.reauth };
    return result;
  },

  async fetchProfile(integration: Target, userId: string): Promise<Profile | null> {
    const { result } = await withZaloToken(integration, (token) => fetchUser(token, userId), (r) => r.tokenRefused);
    return result.profile;
  },
};

/** POST /v3.0/oa/message/cs: a customer-service text message. */
function sendCs(accessToken: string, userId: string, text: string): Promise<SendResult> {
  return postCs(accessToken, { recipient: { user_id: userId }, message: { text } });
}

// Where each kind goes up, and the field of `data` that names it afterwards (Zalo OA API v2.0 upload).
const uploads = {
  image: { path: "/v2.0/oa/upload/image", field: "attachment_id" },
  gif: { path: "/v2.0/oa/upload/gif", field: "attachment_id" },
  file: { path: "/v2.0/oa/upload/file", field: "token" },
} as const;

/**
 * Upload (multipart, field `file`, access_token header), then the cs message: an image or GIF as a
 * media template naming its attachment_id (a GIF with its width and height), a file as
 * {type:"file", payload:{token}}.
 */
async function uploadAndSend(accessToken: string, userId: string, file: OutboundFile): Promise<SendResult> {
  const kind = file.as === "gif" || file.as === "file" ? file.as : "image";
  const target = uploads[kind];
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.name);
  const res = await callPlatform(`${env().zaloApiUrl}${target.path}`, { method: "POST", headers: { access_token: accessToken }, body: form }, UPLOAD_TIMEOUT_MS);
  const refused = failure(res);
  if (refused) return refused;
  const data = uploaded.safeParse((res as { body: { data?: unknown } }).body.data);
  const id = data.success ? data.data[target.field] : undefined;
  if (!id) return { ok: false, code: "upload_failed", message: "Zalo accepted the upload but named no attachment", tokenInvalid: false };
  const attachment =
    kind === "file"
      ? { type: "file", payload: { token: id } }
      : { type: "template", payload: { template_type: "media", elements: [{ media_type: kind, attachment_id: id, ...(kind === "gif" ? gifSize(file.bytes) : {}) }] } };
  return postCs(accessToken, { recipient: { user_id: userId }, message: { attachment } });
}

/** A GIF's logical screen size: bytes 6–9 of its header, little-endian. */
function gifSize(bytes: Buffer): { width: number; height: number } {
  return bytes.length >= 10 ? { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) } : { width: 0, height: 0 };
}

/** Zalo answers HTTP 200 for refusals too: error != 0 is a failure. null: it succeeded. */
function failure(res: HttpResult): Extract<SendResult, { ok: false }> | null {
  if (!res.reached) return { ok: false, code: "timeout", message: res.error, tokenInvalid: false };
  const parsed = answer.safeParse(res.body);
  if (res.status === 200 && parsed.success && parsed.data.error === 0) return null;
  const code = parsed.success ? parsed.data.error : undefined;
  return {
    ok: false,
    code: String(code ?? res.status),
    message: (parsed.success && parsed.data.message) || `Zalo answered ${res.status}`,
    tokenInvalid: code === TOKEN_INVALID || res.status === 401,
    outsideWindow: code !== undefined && OUTSIDE_WINDOW.includes(code),
  };
}

async function postCs(accessToken: string, body: object): Promise<SendResult> {
  const res = await callPlatform(`${env().zaloApiUrl}/v3.0/oa/message/cs`, {
    method: "POST",
    headers: { "content-type": "application/json", access_token: accessToken },
    body: JSON.stringify(body),
  });
  const refused = failure(res);
  if (refused) return refused;
  const data = sentData.safeParse((res as { body: { data?: unknown } }).body.data);
  if (data.success) return { ok: true, externalId: data.data.message_id };
  return { ok: false, code: "200", message: "Zalo answered without a message id", tokenInvalid: false };
}

/** GET /v3.0/oa/user/detail: the user's display name and avatar. */
async function fetchUser(accessToken: string, userId: string): Promise<{ profile: Profile | null; tokenRefused: boolean }> {
    const query = encodeURIComponent(JSON.stringify({ user_id: userId }));
    const res = await callPlatform(`${env().zaloApiUrl}/v3.0/oa/user/detail?data=${query}`, {
      method: "GET",
      headers: { access_token: accessToken },
    });
    const parsed = answer.safeParse(res.reached && res.status === 200 ? res.body : null);
    const tokenRefused = (res.reached && res.status === 401) || (parsed.success && parsed.data.error === TOKEN_INVALID);
    if (!parsed.success || parsed.data.error !== 0) return { profile: null, tokenRefused };
    const user = userData.safeParse(parsed.data.data);
    if (!user.success || !user.data.display_name) return { profile: null, tokenRefused };
    return { profile: { name: user.data.display_name, avatarUrl: httpUrlOrNull(user.data.avatar) }, tokenRefused };
}
