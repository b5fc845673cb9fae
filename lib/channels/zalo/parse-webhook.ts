import { z } from "zod";
import { clippedText, platformId, platformUrl, printableId } from "@/lib/http/safe-string";
import { capAttachments } from "@/lib/channels/cap-attachments";
import { clampToNow } from "@/lib/channels/clamp-to-now";
import { reasonOf } from "@/lib/channels/skipped-item";
import { mapLink } from "@/lib/shared/map-link";
import { visitorKey } from "@/lib/channels/visitor-key";
import type { AttachmentType, IncomingAttachment, IncomingBatch, IncomingEvent, ReactionSide, SkippedItem } from "@/lib/channels/types";

const id = platformId(64);
const timestamp = z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative().max(8.64e15)]).transform(String);
const lenientId = id.optional().catch(undefined);

/**
 * Just enough to find the OA whose secret key verifies the signature. The parties are
 * read leniently: an odd sender must not hide the OA a signed event is for.
 */
export const zaloEnvelopeSchema = z.object({
  event_name: z.string().min(1).max(64),
  app_id: id.optional().catch(undefined),
  timestamp,
  oa_id: lenientId,
  sender: z.object({ id: lenientId }).optional().catch(undefined),
  recipient: z.object({ id: lenientId }).optional().catch(undefined),
});

export type ZaloEnvelope = z.infer<typeof zaloEnvelopeSchema>;

/**
 * Where the OA may be named, most likely first: user_* events are addressed to it, oa_*
 * echoes come from it, follow events name it. Receipts (user_received_message,
 * user_seen_message) are documented loosely, so both parties are tried.
 */
export function oaIdCandidates(e: ZaloEnvelope): string[] {
  const s = e.sender?.id;
  const r = e.recipient?.id;
  let order: (string | undefined)[];
  if (e.event_name.startsWith("oa_")) order = [s, e.oa_id];
  else if (e.event_name === "follow" || e.event_name === "unfollow" || e.event_name === "user_click_chatnow") order = [e.oa_id];
  else if (e.event_name === "user_received_message" || e.event_name === "user_seen_message") order = [s, r, e.oa_id];
  else order = [r, e.oa_id];
  return [...new Set(order.filter((x): x is string => !!x))];
}

const coordinate = z.union([z.string().regex(/^-?\d{1,3}(\.\d{1,15})?$/).transform(Number), z.number()]);

const attachment = z.object({
  type: z.string().max(32),
  payload: z
    .object({
      url: platformUrl.optional(),
      thumbnail: platformUrl.optional(),
      name: clippedText(500).optional(),
      description: clippedText(2000).optional(),
      id: z.union([z.string().max(128), z.number()]).optional(),
      coordinates: z.object({ latitude: coordinate, longitude: coordinate }).optional(),
    })
    .nullish(),
});

const party = z.object({ id });

const messageEvent = z.object({
  timestamp,
  sender: party,
  recipient: party,
  message: z.object({
    msg_id: printableId(512),
    text: clippedText(20_000).optional(),
    // Not parsed here: each is parsed on its own (an odd one becomes a plain "fallback", the message stays).
    attachments: z.array(z.unknown()).optional(),
    quote_msg_id: printableId(512).optional(),
  }),
});

const followEvent = z.object({ timestamp, follower: party });

const productEvent = z.object({
  timestamp,
  sender: party,
  recipient: party,
  product: z.object({ title: clippedText(500).optional(), description: clippedText(2000).optional(), url: platformUrl.optional(), thumbnail: platformUrl.optional() }).optional(),
  message: z.object({ msg_id: printableId(512).optional(), text: clippedText(20_000).optional() }).optional(),
});

const infoValue = clippedText(300).optional();
const submitInfoEvent = z.object({
  timestamp,
  sender: party,
  info: z.object({
    name: infoValue,
    phone: infoValue,
    address: infoValue,
    ward: infoValue,
    district: infoValue,
    city: infoValue,
    user_dob: infoValue,
    gender: infoValue,
    full_address: z.object({ user_address: infoValue, user_ward: infoValue, user_district: infoValue, user_city: infoValue }).optional(),
  }),
});

const reactionEvent = z.object({ timestamp, sender: party, recipient: party, message: z.object({ msg_id: printableId(512), react_icon: clippedText(32).optional() }) });

const receiptEvent = z.object({
  timestamp,
  sender: party,
  recipient: party,
  message: z.object({ msg_id: printableId(512).optional(), msg_ids: z.array(printableId(512)).max(1000).optional() }),
});

const kindFromType: Record<string, AttachmentType> = {
  image: "image",
  gif: "image",
  file: "file",
  sticker: "sticker",
  link: "link",
  location: "location",
  audio: "audio",
  voice: "audio",
  video: "video",
};

/** Zalo's reaction codes (as its chat shows them); an unknown one is shown as sent. */
const reactIcons: Record<string, string> = {
  "/-heart": "❤️",
  "/-strong": "👍",
  ":>": "😆",
  ":o": "😮",
  ":-((": "😢",
  ":-h": "😠",
  "/-weak": "👎",
  "/-ok": "👌",
  "/-rose": "🌹",
};

function toAttachment(raw: unknown, businessCard: boolean): IncomingAttachment {
  const parsed = attachment.safeParse(raw);
  if (!parsed.success) return { type: "fallback", url: null, name: null };
  const a = parsed.data;
  const p = a.payload ?? {};
  if (a.type === "location" && p.coordinates) {
    const { latitude, longitude } = p.coordinates;
    return { type: "location", url: mapLink(latitude, longitude), name: `${latitude}, ${longitude}`, payload: { latitude, longitude } };
  }
  if (businessCard) {
    // A card's description is a JSON string naming the phone (and a QR code image).
    const card = readCard(p.description);
    return { type: "link", url: p.url ?? card.qrCodeUrl ?? p.thumbnail ?? null, name: `📇 Business card${card.phone ? ` · ${card.phone}` : ""}`, payload: card };
  }
  const type = kindFromType[a.type] ?? "fallback";
  return { type, url: p.url ?? p.thumbnail ?? null, name: p.name ?? p.description ?? null, ...(type === "sticker" && p.id !== undefined ? { payload: { stickerId: String(p.id) } } : {}) };
}

function readCard(description: string | undefined): { phone?: string; qrCodeUrl?: string } {
  try {
    const v = z.object({ phone: clippedText(40).optional(), qrCodeUrl: platformUrl.optional() }).safeParse(JSON.parse(description ?? ""));
    if (!v.success) return {};
    return { ...(v.data.phone ? { phone: v.data.phone } : {}), ...(v.data.qrCodeUrl ? { qrCodeUrl: v.data.qrCodeUrl } : {}) };
  } catch {
    return {};
  }
}

const at = (t: string) => clampToNow(new Date(Number(t)));

/** An anonymous visitor (chat widget, not a follower) is a contact of their own. */
const anonymous = (visitorId: string) => visitorKey("anonymous", visitorId);

/**
 * One signed Zalo event as normalised events. A kind the inbox does not store, or a
 * malformed one, comes back in `skipped` (acknowledged: a 4xx would only make Zalo retry).
 */
export function parseZaloEvent(oaId: string, body: unknown): IncomingBatch {
  const name = String((body as { event_name?: unknown }).event_name);
  const events: IncomingEvent[] = [];
  const skipped: SkippedItem[] = [];
  const batch = { integrationExternalId: oaId, events, skipped };
  const parse = <T extends z.ZodType>(schema: T): z.infer<T> | null => {
    const r = schema.safeParse(body);
    if (r.success) return r.data;
    skipped.push({ kind: name, reason: reasonOf(r.error) });
    return null;
  };
  const send = /^(user|anonymous|oa)_send_(anonymous_)?[a-z_]+$/.exec(name);
  if (send) {
    const e = parse(messageEvent);
    if (!e) return batch;
    const echo = send[1] === "oa";
    const anon = send[1] === "anonymous" || send[2] !== undefined;
    const party = echo ? e.recipient.id : e.sender.id;
    const card = name.endsWith("_business_card");
    events.push({
      kind: "message",
      contactExternalId: anon ? anonymous(party) : party,
      externalId: e.message.msg_id,
      direction: echo ? "outbound" : "inbound",
      text: e.message.text ?? "",
      attachments: capAttachments(e.message.attachments, { channel: "zalo", externalId: oaId, messageId: e.message.msg_id }).map((a) => toAttachment(a, card)),
      timestamp: at(e.timestamp),
      ...(e.message.quote_msg_id ? { replyToExternalId: e.message.quote_msg_id } : {}),
    });
    return batch;
  }
  switch (name) {
    case "follow":
    case "unfollow": {
      const e = parse(followEvent);
      if (e) events.push({ kind: name, contactExternalId: e.follower.id, timestamp: new Date(Number(e.timestamp)) });
      return batch;
    }
    case "user_asking_product": {
      const e = parse(productEvent);
      if (!e) return batch;
      const product = e.product;
      const productTitle = product?.title ?? "a product";
      events.push({
        kind: "message",
        contactExternalId: e.sender.id,
        externalId: e.message?.msg_id ?? `product:${e.sender.id}:${e.timestamp}`,
        direction: "inbound",
        text: product?.description ?? e.message?.text ?? "",
        attachments: [{ type: "link", url: product?.url ?? product?.thumbnail ?? null, name: `🛍 Asked about ${productTitle}`, ...(product?.thumbnail ? { payload: { thumbnail: product.thumbnail } } : {}) }],
        timestamp: at(e.timestamp),
      });
      return batch;
    }
    case "user_submit_info": {
      const e = parse(submitInfoEvent);
      if (!e) return batch;
      const i = e.info;
      const address = [i.address ?? i.full_address?.user_address, i.ward ?? i.full_address?.user_ward, i.district ?? i.full_address?.user_district, i.city ?? i.full_address?.user_city].filter(Boolean).join(", ");
      const fields = [i.name, i.phone, address || undefined].filter(Boolean);
      events.push({ kind: "system", contactExternalId: e.sender.id, externalId: `submit_info:${e.sender.id}:${e.timestamp}`, text: `Shared contact details: ${fields.join(" · ") || "(empty)"}`, timestamp: at(e.timestamp) });
      return batch;
    }
    case "user_reacted_message":
    case "oa_reacted_message": {
      const e = parse(reactionEvent);
      if (!e) return batch;
      const by: ReactionSide = name === "oa_reacted_message" ? "business" : "customer";
      const icon = e.message.react_icon?.trim();
      events.push({
        kind: "reaction",
        contactExternalId: by === "business" ? e.recipient.id : e.sender.id,
        externalId: e.message.msg_id,
        by,
        emoji: icon ? (reactIcons[icon] ?? icon) : null,
        timestamp: at(e.timestamp),
      });
      return batch;
    }
    case "user_received_message":
    case "user_seen_message": {
      const e = parse(receiptEvent);
      if (!e) return batch;
      const customer = e.sender.id === oaId ? e.recipient.id : e.sender.id;
      const ids = [...(e.message.msg_ids ?? []), ...(e.message.msg_id ? [e.message.msg_id] : [])];
      if (!ids.length) {
        skipped.push({ kind: name, reason: "no message ids" });
        return batch;
      }
      if (name === "user_received_message") events.push({ kind: "delivery", contactExternalId: customer, externalIds: ids, watermark: null });
      else events.push({ kind: "read", contactExternalId: customer, externalIds: ids, watermark: null });
      return batch;
    }
    default:
      skipped.push({ kind: name.replace(/[^\x21-\x7e]/g, "?"), reason: "unhandled kind" });
      return batch;
  }
}
