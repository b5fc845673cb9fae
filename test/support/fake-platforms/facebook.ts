import { randomUUID } from "node:crypto";
import type { Answer, FakeCall, FakeContext, FakeFile, FakeForm, FakeHandler } from "./types";

const graphError = (message: string, code: number, subcode?: number): Answer => ({
  status: 400,
  body: { error: { message, type: "OAuthException", code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: "fake" } },
});

// Messenger's windows, measured from the customer's last message: RESPONSE within 24 h,
// MESSAGE_TAG + HUMAN_AGENT within 7 days (developers.facebook.com/docs/messenger-platform/send-messages/message-tags).
const HOUR = 3_600_000;

// Page webhook fields Graph accepts for Messenger (webhook events reference); anything else is a 100.
const PAGE_WEBHOOK_FIELDS = new Set([
  "messages", "message_echoes", "message_deliveries", "message_reads", "messaging_postbacks", "messaging_optins",
  "messaging_referrals", "message_edits", "message_reactions", "messaging_policy_enforcement", "messaging_account_linking",
  "messaging_handovers", "standby", "messaging_game_plays",
]);
/** What each page's app subscription is, as the last subscribed_apps call set it. */
export const subscriptions = new Map<string, string[]>();
/** Page names /me answers with (default "Page <id>"). */
export const pageNames = new Map<string, string>();
const windowClosed = () => graphError("(#10) This message is sent outside of allowed window.", 10, 2018278);

function answer(c: FakeCall, { tokens, profiles, violations, lastInbound }: FakeContext<Record<string, string>>): Answer {
  const send = /^\/([0-9]+)\/messages$/.exec(c.path);
  if (c.method === "POST" && send?.[1]) {
    const page = send[1];
    if (!tokens[page] || c.query.access_token !== tokens[page]) {
      violations.push(`graph send: bad access_token for page ${page}`);
      return graphError("Invalid OAuth access token.", 190);
    }
    if (c.form) return answerUpload(c, c.form, { violations, lastInbound });
    const b = c.body as { recipient?: { id?: unknown }; messaging_type?: unknown; tag?: unknown; message?: { text?: unknown } } | undefined;
    const keys = b && typeof b === "object" ? Object.keys(b).sort().join(",") : "";
    // A plain response, or a human agent's reply tagged as such: the only two kinds the inbox sends.
    const response = keys === "message,messaging_type,recipient" && b?.messaging_type === "RESPONSE";
    const humanAgent = keys === "message,messaging_type,recipient,tag" && b?.messaging_type === "MESSAGE_TAG" && b.tag === "HUMAN_AGENT";
    if (
      !String(c.headers["content-type"]).startsWith("application/json") ||
      !(response || humanAgent) ||
      typeof b?.recipient?.id !== "string" ||
      typeof b.message?.text !== "string"
    ) {
      violations.push(`graph send: malformed body ${JSON.stringify(c.body)}`);
      return graphError("(#100) Invalid parameter", 100);
    }
    const last = lastInbound.get(b.recipient.id);
    if (last !== undefined && Date.now() - last >= (humanAgent ? 7 * 24 : 24) * HOUR) return windowClosed();
    return { status: 200, body: { recipient_id: b.recipient.id, message_id: `m_${randomUUID()}` } };
  }
  // GET /me with a page access token is that page (Graph API: the token's own node).
  if (c.method === "GET" && c.path === "/me") {
    if (c.query.fields !== "id,name") violations.push(`graph me: fields=${c.query.fields}`);
    const page = Object.keys(tokens).find((id) => tokens[id] === c.query.access_token);
    if (!page) return graphError("Invalid OAuth access token - Cannot parse access token", 190);
    return { status: 200, body: { id: page, name: pageNames.get(page) ?? `Page ${page}` } };
  }
  // POST /{page-id}/subscribed_apps?subscribed_fields=a,b: the page's own token, documented field names only.
  const subscribe = /^\/([0-9]+)\/subscribed_apps$/.exec(c.path);
  if (c.method === "POST" && subscribe?.[1]) {
    const page = subscribe[1];
    if (!tokens[page] || c.query.access_token !== tokens[page]) {
      violations.push(`graph subscribed_apps: bad access_token for page ${page}`);
      return graphError("Invalid OAuth access token.", 190);
    }
    const fields = (c.query.subscribed_fields ?? "").split(",").filter(Boolean);
    const unknown = fields.filter((f) => !PAGE_WEBHOOK_FIELDS.has(f));
    if (!fields.length || unknown.length) {
      violations.push(`graph subscribed_apps: subscribed_fields=${c.query.subscribed_fields}`);
      return graphError(`(#100) Param subscribed_fields must be one of {${[...PAGE_WEBHOOK_FIELDS].join(", ")}} - got "${unknown.join(",")}"`, 100);
    }
    subscriptions.set(page, fields);
    return { status: 200, body: { success: true } };
  }
  const profile = /^\/([0-9]+)$/.exec(c.path);
  if (c.method === "GET" && profile?.[1]) {
    if (c.query.fields !== "first_name,last_name,profile_pic") violations.push(`graph profile: fields=${c.query.fields}`);
    if (!Object.values(tokens).includes(c.query.access_token ?? "")) return graphError("Invalid OAuth access token.", 190);
    const p = profiles.get(profile[1]);
    return p ? { status: 200, body: { ...p, id: profile[1] } } : graphError("Unsupported get request.", 100);
  }
  violations.push(`graph: unexpected ${c.method} ${c.path}`);
  return graphError("Unknown path components", 2500);
}

// Send API attachment types, and the 25 MB an upload may carry (send-messages/saving-assets).
const ATTACHMENT_TYPES = new Set(["image", "video", "audio", "file"]);
const MAX_UPLOAD = 25 * 1024 * 1024;
/** What each page received as uploaded attachments, in order (message id, type, file). */
export const receivedFiles: { page: string; recipient: string; messageId: string; type: string; file: FakeFile }[] = [];

const parseJson = (v: string | FakeFile | undefined): unknown => {
  if (typeof v !== "string") return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
};

/**
 * Send API "upload from file" (developers.facebook.com/docs/messenger-platform/send-messages/saving-assets,
 * reference/attachment-upload-api): multipart form with `recipient` = {"id"}, `messaging_type` (and `tag`
 * for MESSAGE_TAG), `message` = {"attachment":{"type","payload":{"is_reusable"}}} and the bytes as the
 * file part `filedata` with its content type (audio must be audio/*); at most 25 MB.
 */
function answerUpload(c: FakeCall, form: FakeForm, { violations, lastInbound }: Pick<FakeContext<unknown>, "violations" | "lastInbound">): Answer {
  const page = c.path.split("/")[1]!;
  const wrong = (why: string) => {
    violations.push(`graph send (multipart): ${why}`);
    return graphError("(#100) Invalid parameter", 100);
  };
  const names = form.map((p) => p.name).sort().join(",");
  const field = (n: string) => form.find((p) => p.name === n)?.value;
  const messagingType = field("messaging_type");
  const humanAgent = messagingType === "MESSAGE_TAG" && field("tag") === "HUMAN_AGENT";
  if (names !== (humanAgent ? "filedata,message,messaging_type,recipient,tag" : "filedata,message,messaging_type,recipient")) return wrong(`fields ${names}`);
  if (!humanAgent && messagingType !== "RESPONSE") return wrong(`messaging_type ${String(messagingType)}`);
  const recipient = parseJson(field("recipient")) as { id?: unknown } | undefined;
  if (!recipient || typeof recipient.id !== "string" || Object.keys(recipient).length !== 1) return wrong(`recipient ${String(field("recipient"))}`);
  const message = parseJson(field("message")) as { attachment?: { type?: unknown; payload?: Record<string, unknown> } } | undefined;
  const attachment = message?.attachment;
  if (!message || Object.keys(message).join() !== "attachment" || !attachment || Object.keys(attachment).sort().join() !== "payload,type")
    return wrong(`message ${String(field("message"))}`);
  if (typeof attachment.type !== "string" || !ATTACHMENT_TYPES.has(attachment.type)) return wrong(`attachment type ${String(attachment.type)}`);
  if (!attachment.payload || Object.keys(attachment.payload).join() !== "is_reusable" || typeof attachment.payload.is_reusable !== "boolean")
    return wrong(`payload ${JSON.stringify(attachment.payload)}`);
  const file = field("filedata");
  if (!file || typeof file === "string") return wrong("filedata is not a file");
  if (!file.filename) return wrong("filedata has no filename");
  if (!file.type || file.type === "application/octet-stream") return wrong(`filedata content type ${file.type}`);
  const family = attachment.type === "file" ? null : attachment.type;
  if (family && !file.type.startsWith(`${family}/`)) return wrong(`a ${attachment.type} sent as ${file.type}`);
  if (file.size === 0 || file.size > MAX_UPLOAD) return graphError("(#100) Upload attachment failure.", 100, 2018047);
  const last = lastInbound.get(recipient.id);
  if (last !== undefined && Date.now() - last >= (humanAgent ? 7 * 24 : 24) * HOUR) return windowClosed();
  const messageId = `m_${randomUUID()}`;
  receivedFiles.push({ page, recipient: recipient.id, messageId, type: attachment.type, file });
  return { status: 200, body: { recipient_id: recipient.id, message_id: messageId, ...(attachment.payload.is_reusable ? { attachment_id: String(Date.now()) } : {}) } };
}

/** The Graph API: Send API (page token in the query), user profiles, /me and subscribed_apps. Tokens: page id → page access token. */
export const fakeGraphApi: FakeHandler<Record<string, string>> = {
  owns: (path) => /^\/([0-9]+(\/messages|\/subscribed_apps)?|me)$/.test(path),
  answer,
  tokensFrom: (integrations) => Object.fromEntries(integrations.map((i) => [i.externalId, i.credentials.accessToken ?? ""])),
};
