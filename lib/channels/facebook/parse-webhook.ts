import { z } from "zod";
import { clippedText, platformId, platformUrl, printableId } from "@/lib/http/safe-string";
import { capAttachments } from "@/lib/channels/cap-attachments";
import { clampToNow } from "@/lib/channels/clamp-to-now";
import { itemKind, reasonOf } from "@/lib/channels/skipped-item";
import { mapLink } from "@/lib/shared/map-link";
import { visitorKey } from "@/lib/channels/visitor-key";
import type { AttachmentType, IncomingAttachment, IncomingBatch, IncomingEvent, SkippedItem } from "@/lib/channels/types";

const id = platformId(64);
const mid = printableId(512);
const msNumber = z.number().int().nonnegative().max(8.64e15);
/** Meta sends numbers in milliseconds; newer payloads (postbacks, opt-ins) document strings, in seconds. */
const ms = z.union([
  msNumber,
  z
    .string()
    .regex(/^\d{1,16}$/)
    .transform((s) => (Number(s) < 1e11 ? Number(s) * 1000 : Number(s))),
]);
// Over-long platform text is cut, not refused: a validly signed delivery is never a 400 for its size.
const text = clippedText(20_000);
const title = clippedText(500);
const short = clippedText(1000);

/**
 * The envelope: only what routes a delivery. Each entry and each item in it is parsed on
 * its own below, so one odd item never costs its siblings (Meta retries a refused
 * delivery for hours, then disables the webhook).
 */
export const facebookWebhookSchema = z.object({
  object: z.literal("page"),
  entry: z.array(z.unknown()).max(1000),
});

const entrySchema = z.object({
  id,
  time: ms.optional(),
  messaging: z.array(z.unknown()).max(1000).optional(),
  // Items of conversations another app of the page currently owns (handover protocol): still the customer's.
  standby: z.array(z.unknown()).max(1000).optional(),
  changes: z.array(z.unknown()).max(1000).optional(),
});

/** A sender or recipient: a PSID, or (chat plugin, checkbox plugin) only a user_ref. */
const party = z.object({ id: id.optional(), user_ref: printableId(256).optional() });

const attachment = z.object({
  type: z.string().max(32),
  payload: z
    .object({
      url: platformUrl.optional(),
      title: title.optional(),
      sticker_id: z.union([z.number(), z.string().max(64)]).optional(),
      coordinates: z.object({ lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180) }).optional(),
    })
    .nullish(),
  title: title.optional(),
  url: platformUrl.optional(),
  // The older fallback (shared link) shape spells it in capitals.
  URL: platformUrl.optional(),
});

const message = z.object({
  mid,
  text: text.optional(),
  is_echo: z.boolean().optional(),
  // Not parsed here: each is parsed on its own (an odd one becomes a plain "fallback", the message stays).
  attachments: z.array(z.unknown()).optional(),
  sticker_id: z.union([z.number(), z.string().max(64)]).optional(),
  quick_reply: z.object({ payload: short.optional() }).optional(),
  reply_to: z.object({ mid: mid.optional() }).optional(),
});

const referral = z.object({
  ref: short.optional(),
  source: clippedText(64).optional(),
  type: clippedText(64).optional(),
  ad_id: z.union([z.string().max(64), z.number()]).optional(),
  referer_uri: clippedText(500).optional(),
  ads_context_data: z.object({ ad_title: title.optional() }).optional(),
});

const base = { sender: party.optional(), recipient: party.optional(), timestamp: ms.optional() };

const schemas = {
  message: z.object({ ...base, message }),
  message_edit: z.object({ ...base, message_edit: z.object({ mid, text: text.optional() }) }),
  reaction: z.object({
    ...base,
    reaction: z.object({ mid, action: z.enum(["react", "unreact"]), emoji: clippedText(32).optional(), reaction: clippedText(32).optional() }),
  }),
  delivery: z.object({ ...base, delivery: z.object({ mids: z.array(mid).max(1000).optional(), watermark: ms.optional() }) }),
  read: z.object({ ...base, read: z.object({ watermark: ms }) }),
  postback: z.object({ ...base, postback: z.object({ mid: mid.optional(), title: text.optional(), payload: clippedText(2000).optional(), referral: referral.optional() }) }),
  referral: z.object({ ...base, referral }),
  optin: z.object({
    ...base,
    optin: z.object({
      ref: short.optional(),
      user_ref: printableId(256).optional(),
      type: clippedText(64).optional(),
      title: title.optional(),
      payload: short.optional(),
      notification_messages_status: clippedText(64).optional(),
    }),
  }),
  policy_enforcement: z.object({ ...base, policy_enforcement: z.object({ action: clippedText(32), reason: short.optional() }) }),
  app_roles: z.object({ ...base, app_roles: z.record(z.string().max(64), z.array(clippedText(64)).max(20)) }),
};

type Parsed<K extends keyof typeof schemas> = z.infer<(typeof schemas)[K]>;

/** Which kind an item is: the first of its kind-naming keys (Meta sends one per item). */
const kindKeys = ["message", "message_edit", "reaction", "delivery", "read", "postback", "referral", "optin", "policy_enforcement", "app_roles"] as const;

const likeStickers = new Set(["369239263222822", "369239343222814", "369239383222810"]);
const reactionEmoji: Record<string, string> = { smile: "😆", angry: "😠", sad: "😢", wow: "😮", love: "❤️", like: "👍", dislike: "👎" };
const knownTypes: AttachmentType[] = ["image", "file", "audio", "video", "fallback", "location"];

function toAttachment(raw: unknown, stickerId: string | undefined): IncomingAttachment {
  const parsed = attachment.safeParse(raw);
  if (!parsed.success) return { type: "fallback", url: null, name: null };
  const a = parsed.data;
  const coordinates = a.payload?.coordinates;
  if (a.type === "location" && coordinates) {
    const { lat: latitude, long: longitude } = coordinates;
    return { type: "location", url: mapLink(latitude, longitude), name: a.title ?? a.payload?.title ?? `${latitude}, ${longitude}`, payload: { latitude, longitude } };
  }
  const sticker = stickerId ?? (a.payload?.sticker_id === undefined ? undefined : String(a.payload.sticker_id));
  const url = a.payload?.url ?? a.url ?? a.URL ?? null;
  if (sticker !== undefined && a.type === "image") {
    const like = likeStickers.has(sticker);
    return { type: "sticker", url, name: like ? "👍 Like" : null, payload: { stickerId: sticker, ...(like ? { like: true } : {}) } };
  }
  const type = knownTypes.find((t) => t === a.type) ?? "fallback";
  return { type, url, name: a.payload?.title ?? a.title ?? null };
}

function contactOf(p: z.infer<typeof party> | undefined): string | null {
  if (p?.id) return p.id;
  // Chat-plugin visitors and checkbox-plugin opt-ins have no PSID yet: their user_ref is who they are.
  if (p?.user_ref) return visitorKey("user_ref", p.user_ref);
  return null;
}

/** The customer's side of an item: the party that is not the page. */
function customerOf(page: string, item: { sender?: z.infer<typeof party> | undefined; recipient?: z.infer<typeof party> | undefined }): string | null {
  const sender = contactOf(item.sender);
  if (sender && sender !== page) return sender;
  const recipient = contactOf(item.recipient);
  return recipient && recipient !== page ? recipient : sender;
}

function describeReferral(r: z.infer<typeof referral>): string {
  const source = r.source === "SHORTLINK" ? "an m.me link" : r.source === "ADS" ? "an ad" : r.source === "CUSTOMER_CHAT_PLUGIN" ? "the chat plugin" : r.source ? r.source.toLowerCase() : "a referral";
  const parts = [r.ads_context_data?.ad_title ? `“${r.ads_context_data.ad_title}”` : null, r.ad_id !== undefined ? `ad ${r.ad_id}` : null, r.ref ? `ref ${r.ref}` : null].filter(Boolean);
  return `Came from ${source}${parts.length ? ` (${parts.join(", ")})` : ""}`;
}

type Out = { events: IncomingEvent[]; skip: (s: SkippedItem) => void };

function toEvents(page: string, raw: unknown, entryTime: number | undefined, out: Out): void {
  const kind = kindKeys.find((k) => raw !== null && typeof raw === "object" && k in raw) ?? (hasOldPolicyKey(raw) ? "policy_enforcement" : null);
  if (!kind) return out.skip({ kind: itemKind(raw, ["sender", "recipient", "timestamp"]), reason: "unhandled kind" });
  const normalised = kind === "policy_enforcement" && hasOldPolicyKey(raw) ? { ...(raw as object), policy_enforcement: (raw as Record<string, unknown>)["policy-enforcement"] } : raw;
  const parsed = schemas[kind].safeParse(normalised);
  if (!parsed.success) return out.skip({ kind, reason: reasonOf(parsed.error) });
  const item = parsed.data;
  // Meta retries deliveries for hours, so old timestamps are kept; future ones are clamped.
  const t = item.timestamp ?? entryTime;
  const at = clampToNow(new Date(t ?? Date.now()));
  const customer = customerOf(page, item);
  const needCustomer = (): string | null => {
    if (!customer) out.skip({ kind, reason: "no sender" });
    return customer;
  };
  switch (kind) {
    case "message": {
      const m = (item as Parsed<"message">).message;
      const echo = m.is_echo === true;
      // For an echo the page is the sender and the customer the recipient.
      const contact = echo ? contactOf((item as Parsed<"message">).recipient) : contactOf((item as Parsed<"message">).sender);
      if (!contact) return out.skip({ kind, reason: "no sender" });
      const sticker = m.sticker_id === undefined ? undefined : String(m.sticker_id);
      out.events.push({
        kind: "message",
        contactExternalId: contact,
        externalId: m.mid,
        direction: echo ? "outbound" : "inbound",
        text: m.text ?? "",
        attachments: capAttachments(m.attachments, { channel: "facebook", externalId: page, messageId: m.mid }).map((a) => toAttachment(a, sticker)),
        timestamp: at,
        ...(m.reply_to?.mid ? { replyToExternalId: m.reply_to.mid } : {}),
        ...(m.quick_reply?.payload ? { payload: m.quick_reply.payload } : {}),
      });
      return;
    }
    case "message_edit": {
      const contact = needCustomer();
      const e = (item as Parsed<"message_edit">).message_edit;
      if (contact) out.events.push({ kind: "edit", contactExternalId: contact, externalId: e.mid, text: e.text ?? "", timestamp: at });
      return;
    }
    case "reaction": {
      const contact = needCustomer();
      const r = (item as Parsed<"reaction">).reaction;
      if (!contact) return;
      const by = contactOf((item as Parsed<"reaction">).sender) === page ? "business" : "customer";
      const emoji = r.action === "unreact" ? null : (r.emoji ?? reactionEmoji[r.reaction ?? ""] ?? "👍");
      out.events.push({ kind: "reaction", contactExternalId: contact, externalId: r.mid, by, emoji, timestamp: at });
      return;
    }
    case "delivery": {
      const contact = needCustomer();
      const d = (item as Parsed<"delivery">).delivery;
      if (contact) out.events.push({ kind: "delivery", contactExternalId: contact, externalIds: d.mids ?? [], watermark: d.watermark ? new Date(d.watermark) : null });
      return;
    }
    case "read": {
      const contact = needCustomer();
      if (contact) out.events.push({ kind: "read", contactExternalId: contact, watermark: new Date((item as Parsed<"read">).read.watermark) });
      return;
    }
    case "postback": {
      const contact = needCustomer();
      const p = (item as Parsed<"postback">).postback;
      if (!contact) return;
      // Older postbacks carry no mid: the sender and timestamp identify one uniquely.
      const externalId = p.mid ?? `postback:${contact}:${t ?? 0}`;
      if (p.referral) out.events.push({ kind: "system", contactExternalId: contact, externalId: `referral:${externalId}`, text: describeReferral(p.referral), timestamp: at });
      out.events.push({ kind: "message", contactExternalId: contact, externalId, direction: "inbound", text: p.title ?? p.payload ?? "", attachments: [], timestamp: at, ...(p.payload ? { payload: p.payload } : {}) });
      return;
    }
    case "referral": {
      const contact = needCustomer();
      const r = (item as Parsed<"referral">).referral;
      if (contact) out.events.push({ kind: "system", contactExternalId: contact, externalId: `referral:${contact}:${t ?? 0}`, text: describeReferral(r), timestamp: at });
      return;
    }
    case "optin": {
      const o = (item as Parsed<"optin">).optin;
      // The checkbox plugin sends no sender at all, only optin.user_ref.
      const contact = contactOf((item as Parsed<"optin">).sender) ?? (o.user_ref ? visitorKey("user_ref", o.user_ref) : null);
      if (!contact) return out.skip({ kind, reason: "no sender" });
      const stopped = o.notification_messages_status === "STOP_NOTIFICATIONS";
      const text =
        o.type === "notification_messages"
          ? `${stopped ? "Stopped" : "Opted in to"} marketing messages${o.title ? ` “${o.title}”` : ""}`
          : `Opted in through a Messenger plugin${o.ref ? ` (ref ${o.ref})` : ""}`;
      out.events.push({ kind: "system", contactExternalId: contact, externalId: `optin:${contact}:${t ?? 0}`, text, timestamp: at });
      return;
    }
    case "policy_enforcement": {
      const p = (item as Parsed<"policy_enforcement">).policy_enforcement;
      out.events.push({ kind: "integration", type: "policy_enforcement", action: p.action, detail: { action: p.action, ...(p.reason ? { reason: p.reason } : {}) }, dedupeKey: `policy_enforcement:${t ?? 0}:${p.action}`, timestamp: at });
      return;
    }
    case "app_roles": {
      const roles = (item as Parsed<"app_roles">).app_roles;
      out.events.push({ kind: "integration", type: "app_roles", action: null, detail: { roles }, dedupeKey: `app_roles:${t ?? 0}`, timestamp: at });
      return;
    }
  }
}

/** The key older deliveries (and SDK fixtures built from them) use for policy enforcement. */
function hasOldPolicyKey(raw: unknown): boolean {
  return raw !== null && typeof raw === "object" && "policy-enforcement" in raw;
}

/**
 * A Messenger delivery whose envelope parsed, as normalised events grouped by page. Every
 * entry and item is parsed on its own; what cannot be used is returned in `skipped` (and
 * logged by the caller with kind, page and reason — never the body).
 */
export function toFacebookBatches(payload: z.infer<typeof facebookWebhookSchema>): { batches: IncomingBatch[]; skipped: (SkippedItem & { page: string | null })[] } {
  const batches: IncomingBatch[] = [];
  const skipped: (SkippedItem & { page: string | null })[] = [];
  for (const rawEntry of payload.entry) {
    const entry = entrySchema.safeParse(rawEntry);
    if (!entry.success) {
      skipped.push({ kind: "entry", reason: reasonOf(entry.error), page: null });
      continue;
    }
    const page = entry.data.id;
    const batch: IncomingBatch = { integrationExternalId: page, events: [], skipped: [] };
    const out: Out = { events: batch.events, skip: (s) => batch.skipped!.push(s) };
    for (const item of [...(entry.data.messaging ?? []), ...(entry.data.standby ?? [])]) toEvents(page, item, entry.data.time, out);
    for (const _change of entry.data.changes ?? []) out.skip({ kind: "changes", reason: "not a messaging event" });
    batches.push(batch);
  }
  return { batches, skipped };
}
