import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Answer, FakeCall, FakeContext, FakeFile, FakeHandler } from "./types";

// Consultation messages need the user to have interacted within 7 days (lib/channels/zalo/window.ts).
const CS_WINDOW_MS = 7 * 24 * 3_600_000;

function answer(c: FakeCall, ctx: FakeContext<string[]>): Answer {
  const { tokens, profiles, violations, lastInbound } = ctx;
  if (c.path.startsWith("/v4/oa/")) return answerOAuth(c, ctx);
  const token = c.headers.access_token;
  if (typeof token !== "string" || !tokens.includes(token)) {
    // A token it issued and let expire is the platform's doing, not the caller's mistake.
    if (!(typeof token === "string" && zaloOAuthOf(tokens).oaOfToken.has(token))) violations.push(`zalo ${c.path}: bad access_token header`);
    return { status: 200, body: { error: -216, message: "Access token is invalid" } };
  }
  if (c.method === "POST" && c.path.startsWith("/v2.0/oa/upload/")) return answerUpload(c, violations);
  if (c.method === "POST" && c.path === "/v3.0/oa/message/cs") {
    const b = c.body as { recipient?: { user_id?: unknown }; message?: { text?: unknown; attachment?: unknown } } | undefined;
    const userId = b?.recipient?.user_id;
    const shape = typeof b === "object" && b && Object.keys(b).length === 2 && typeof userId === "string" && b.message && typeof b.message === "object";
    const kind = shape ? messageKind(b.message!) : null;
    if (!String(c.headers["content-type"]).startsWith("application/json") || typeof userId !== "string" || !kind) {
      violations.push(`zalo send: malformed body ${JSON.stringify(c.body)}`);
      return { status: 200, body: { error: -201, message: "Parameters are invalid" } };
    }
    const last = lastInbound.get(userId);
    if (last !== undefined && Date.now() - last >= CS_WINDOW_MS) return { status: 200, body: { error: -230, message: "User has not interacted with the OA in the past 7 days" } };
    const messageId = randomUUID().replace(/-/g, "");
    if (kind !== "text") {
      const a = b!.message!.attachment as { payload: { token?: string; elements?: { attachment_id: string }[] } };
      const id = a.payload.token ?? a.payload.elements![0]!.attachment_id;
      sentAttachments.push({ userId, messageId, ...zaloUploads.get(id)!, id });
    }
    return { status: 200, body: { data: { message_id: messageId, user_id: userId }, error: 0, message: "Success" } };
  }
  if (c.method === "GET" && c.path === "/v2.0/oa/getoa") {
    const oa = zaloOAuthOf(tokens).oaOfToken.get(token);
    if (!oa) return { status: 200, body: { error: -216, message: "Access token is invalid" } };
    return { status: 200, body: { data: { oa_id: oa.oaId, name: oa.name, description: "", avatar: "", is_verified: false }, error: 0, message: "Success" } };
  }
  if (c.method === "GET" && c.path === "/v3.0/oa/user/detail") {
    const data = JSON.parse(c.query.data ?? "{}") as { user_id?: string };
    const p = data.user_id ? profiles.get(data.user_id) : undefined;
    return p
      ? { status: 200, body: { data: { user_id: data.user_id, display_name: p.display_name, avatar: p.avatar }, error: 0, message: "Success" } }
      : { status: 200, body: { error: -213, message: "User has not followed OA" } };
  }
  violations.push(`zalo: unexpected ${c.method} ${c.path}`);
  return { status: 404, body: { error: -404, message: "not found" } };
}

type Upload = { kind: "image" | "gif" | "file"; file: FakeFile };
/** What the OA API has been given to send (attachment_id / token → the upload), across tests. */
export const zaloUploads = new Map<string, Upload>();
/** The attachment messages the OA sent, in order. */
export const sentAttachments: ({ userId: string; messageId: string; id: string } & Upload)[] = [];

const MB = 1024 * 1024;
// Zalo OA API upload endpoints ("Upload hình ảnh", "Upload ảnh GIF", "Upload file"): multipart, one
// field `file`; image JPG/PNG ≤ 1 MB, GIF ≤ 5 MB, file PDF/DOC/DOCX ≤ 5 MB. Images and GIFs are
// named by data.attachment_id, files by data.token. The fake checks the bytes, as Zalo does.
const uploadRules = {
  image: { max: 1 * MB, magic: ["89504e47", "ffd8ff"], field: "attachment_id" },
  gif: { max: 5 * MB, magic: ["47494638"], field: "attachment_id" },
  // PDF; OLE (DOC); zip (DOCX).
  file: { max: 5 * MB, magic: ["255044462d", "d0cf11e0a1b11ae1", "504b0304"], field: "token" },
} as const;

function answerUpload(c: FakeCall, violations: string[]): Answer {
  const kind = c.path.slice("/v2.0/oa/upload/".length) as keyof typeof uploadRules;
  const rule = uploadRules[kind];
  const invalid = (why: string, message = "file is invalid") => {
    violations.push(`zalo upload/${kind}: ${why}`);
    return { status: 200, body: { error: -201, message } };
  };
  if (!rule) return invalid(`unknown endpoint ${c.path}`, "empty or invalid API");
  if (!c.form) return invalid(`not multipart (${String(c.headers["content-type"])})`);
  if (c.form.map((p) => p.name).join() !== "file") return invalid(`fields ${c.form.map((p) => p.name).join()}`);
  const file = c.form[0]!.value;
  if (typeof file === "string" || !file.filename) return invalid("`file` is not a file");
  if (!rule.magic.some((m) => file.head.startsWith(m))) return invalid(`bytes ${file.head} are not a ${kind} this endpoint takes`);
  if (kind === "file" && !/\.(pdf|docx?)$/i.test(file.filename)) return invalid(`file name ${file.filename} is not PDF/DOC/DOCX`);
  if (file.size > rule.max) return invalid(`${file.size} bytes over ${rule.max}`, "file size exceeds the limit");
  const id = randomBytes(16).toString("hex");
  zaloUploads.set(id, { kind, file });
  return { status: 200, body: { data: { [rule.field]: id }, error: 0, message: "Success" } };
}

/** Which cs message this is: a text, an image/GIF (media template naming an uploaded attachment), a file; null when malformed. */
function messageKind(m: { text?: unknown; attachment?: unknown }): "text" | "image" | "gif" | "file" | null {
  const keys = Object.keys(m).join();
  if (keys === "text") return typeof m.text === "string" ? "text" : null;
  if (keys !== "attachment") return null;
  const a = m.attachment as { type?: unknown; payload?: Record<string, unknown> } | null;
  if (!a || typeof a !== "object" || Object.keys(a).sort().join() !== "payload,type" || !a.payload) return null;
  if (a.type === "file") {
    const token = a.payload.token;
    return Object.keys(a.payload).join() === "token" && typeof token === "string" && zaloUploads.get(token)?.kind === "file" ? "file" : null;
  }
  if (a.type !== "template" || a.payload.template_type !== "media" || Object.keys(a.payload).sort().join() !== "elements,template_type") return null;
  const elements = a.payload.elements as Record<string, unknown>[] | undefined;
  if (!Array.isArray(elements) || elements.length !== 1) return null;
  const e = elements[0]!;
  const upload = typeof e.attachment_id === "string" ? zaloUploads.get(e.attachment_id) : undefined;
  if (e.media_type === "image" && Object.keys(e).sort().join() === "attachment_id,media_type" && upload?.kind === "image") return "image";
  // A GIF element carries its size.
  if (e.media_type === "gif" && Object.keys(e).sort().join() === "attachment_id,height,media_type,width" && typeof e.width === "number" && typeof e.height === "number" && upload?.kind === "gif") return "gif";
  return null;
}

type Grant = { challenge: string; redirectUri: string; oaId: string; name: string; used: boolean };

/**
 * Zalo's OAuth v4 for OAs, as documented (developers.zalo.me, "Xác thực và ủy quyền cho ứng dụng"):
 * GET /v4/oa/permission?app_id&redirect_uri&code_challenge&state (consent, then a redirect with
 * code, oa_id, state) and POST /v4/oa/access_token (form body; the app secret in a `secret_key`
 * header) for `authorization_code` + `code_verifier`, or `refresh_token`. Codes and refresh tokens
 * are single-use; a reused refresh token is -14020. Access tokens it issues join the list the OA
 * API accepts until `expireAccessTokens()`.
 */
export class FakeZaloOAuth {
  app = { appId: "300000000000001", appSecret: "fake-zalo-app-secret" };
  /** The OA the next consent grants (what the admin would pick on Zalo's page). */
  consent = { oaId: "200000000000777", name: "Acme Shop OA" };
  /** `expires_in` of the pairs it issues (Zalo: about 25 hours), as the string Zalo sends. */
  expiresIn = 90_000;
  /** Holds each refresh answer this long (widens a race in tests). */
  refreshDelayMs = 0;
  /** The next refresh answers this instead (an outage: `{status: 500, body: ...}`). */
  failNextRefresh: Answer | null = null;
  readonly codes = new Map<string, Grant>();
  readonly refreshTokens = new Map<string, { oaId: string; name: string; used: boolean }>();
  readonly oaOfToken = new Map<string | undefined, { oaId: string; name: string }>();
  /** Successful code exchanges and refreshes, and refused reuses of a refresh token. */
  counts = { exchanges: 0, refreshes: 0, reused: 0 };

  constructor(private readonly accepted: string[]) {}

  /** Every access token it issued stops working (what 25 hours do), refresh tokens stay valid. */
  expireAccessTokens(): void {
    for (const t of this.oaOfToken.keys()) {
      const at = t === undefined ? -1 : this.accepted.indexOf(t);
      if (at >= 0) this.accepted.splice(at, 1);
    }
  }

  /** Another party used this refresh token (or Zalo revoked it): its next use is -14020. */
  spendRefreshToken(token: string): void {
    const rt = this.refreshTokens.get(token);
    if (rt) rt.used = true;
  }

  issue(oa: { oaId: string; name: string }): { access_token: string; refresh_token: string; expires_in: string } {
    const access = `zat-${randomBytes(12).toString("base64url")}`;
    const refresh = `zrt-${randomBytes(12).toString("base64url")}`;
    this.accepted.push(access);
    this.oaOfToken.set(access, oa);
    this.refreshTokens.set(refresh, { ...oa, used: false });
    return { access_token: access, refresh_token: refresh, expires_in: String(this.expiresIn) };
  }
}

// One OAuth state per fake platform instance, keyed by its live token list.
const oauthStates = new WeakMap<string[], FakeZaloOAuth>();
export function zaloOAuthOf(tokens: string[]): FakeZaloOAuth {
  let s = oauthStates.get(tokens);
  if (!s) oauthStates.set(tokens, (s = new FakeZaloOAuth(tokens)));
  return s;
}

const oauthError = (error: number, name: string, description: string): Answer => ({
  status: 200,
  body: { error_name: name, error_reason: description, ref_doc: "https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new", error_description: description, error },
});

function answerOAuth(c: FakeCall, { tokens, violations }: FakeContext<string[]>): Answer {
  const o = zaloOAuthOf(tokens);
  if (c.method === "GET" && c.path === "/v4/oa/permission") {
    const { app_id, redirect_uri, code_challenge, state } = c.query;
    const keys = Object.keys(c.query).sort().join(",");
    if (keys !== "app_id,code_challenge,redirect_uri,state") violations.push(`zalo permission: query ${keys}`);
    if (app_id !== o.app.appId) violations.push(`zalo permission: app_id ${app_id}`);
    if (!/^[A-Za-z0-9_-]{43}$/.test(code_challenge ?? "")) violations.push("zalo permission: code_challenge is not base64url SHA-256");
    if (!state) violations.push("zalo permission: no state");
    let target: URL;
    try {
      target = new URL(redirect_uri ?? "");
    } catch {
      violations.push(`zalo permission: redirect_uri ${redirect_uri}`);
      return { status: 400, body: { error: -14002, message: "Invalid redirect uri" } };
    }
    const code = `zcode-${randomBytes(16).toString("base64url")}`;
    o.codes.set(code, { challenge: code_challenge ?? "", redirectUri: target.toString(), ...o.consent, used: false });
    target.searchParams.set("code", code);
    target.searchParams.set("oa_id", o.consent.oaId);
    target.searchParams.set("state", state ?? "");
    return { status: 302, body: {}, headers: { location: target.toString() } };
  }
  if (c.method === "POST" && c.path === "/v4/oa/access_token") {
    if (c.headers.secret_key !== o.app.appSecret) {
      violations.push("zalo access_token: bad secret_key header");
      return oauthError(-14001, "Invalid app secret", "secret_key is invalid");
    }
    if (!String(c.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) violations.push(`zalo access_token: content-type ${c.headers["content-type"]}`);
    const form = Object.fromEntries(new URLSearchParams(typeof c.body === "string" ? c.body : ""));
    if (form.app_id !== o.app.appId) violations.push(`zalo access_token: app_id ${form.app_id}`);
    const keys = Object.keys(form).sort().join(",");
    if (form.grant_type === "authorization_code") {
      if (keys !== "app_id,code,code_verifier,grant_type") violations.push(`zalo access_token: form ${keys}`);
      const grant = o.codes.get(form.code ?? "");
      if (!grant || grant.used) return oauthError(-14019, "Invalid authorization code", "code is invalid, expired or already used");
      grant.used = true;
      const challenge = createHash("sha256").update(form.code_verifier ?? "").digest("base64url");
      if (challenge !== grant.challenge) {
        violations.push("zalo access_token: code_verifier does not match the code_challenge");
        return oauthError(-14014, "Invalid code verifier", "code_verifier does not match code_challenge");
      }
      o.counts.exchanges++;
      return { status: 200, body: o.issue(grant) };
    }
    if (form.grant_type === "refresh_token") {
      if (keys !== "app_id,grant_type,refresh_token") violations.push(`zalo access_token: form ${keys}`);
      if (o.failNextRefresh) {
        const failure = o.failNextRefresh;
        o.failNextRefresh = null;
        return failure;
      }
      const rt = o.refreshTokens.get(form.refresh_token ?? "");
      if (!rt || rt.used) {
        o.counts.reused++;
        return oauthError(-14020, "Invalid refresh token", "refresh_token is invalid or already used");
      }
      rt.used = true;
      o.counts.refreshes++;
      return { status: 200, body: o.issue(rt), delayMs: o.refreshDelayMs };
    }
    violations.push(`zalo access_token: grant_type ${form.grant_type}`);
    return oauthError(-14003, "Invalid grant type", "grant_type is invalid");
  }
  violations.push(`zalo oauth: unexpected ${c.method} ${c.path}`);
  return { status: 404, body: { error: -404, message: "not found" } };
}

/** The Zalo OA API v3 (and v2 getoa): access token in a header, HTTP 200 with `error` for refusals; and its OAuth v4. Tokens: the OA access tokens. */
export const fakeZaloApi: FakeHandler<string[]> = {
  owns: (path) => path.startsWith("/v3.0/oa/") || path === "/v2.0/oa/getoa" || path.startsWith("/v2.0/oa/upload/") || path.startsWith("/v4/oa/"),
  isAuthCall: (path) => path.startsWith("/v4/oa/"),
  answer,
  tokensFrom: (integrations) => integrations.map((i) => i.credentials.accessToken ?? ""),
};
