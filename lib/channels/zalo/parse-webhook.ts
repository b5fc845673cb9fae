import { z } from "zod";
import { clippedText, platformId, platformUrl, printableId } from "@/lib/http/safe-string";
import { capAttachments } from "@/lib/channels/cap-attachments";
import { parseWith } from "@/lib/http/parse-with";
import { clampToNow } from "@/lib/channels/clamp-to-now";
import type { AttachmentType, IncomingAttachment, IncomingBatch, IncomingEvent } from "@/lib/channels/types";

const id = platformId(64);
const timestamp = z.union([z.string().regex(/^\d{1,16}$/), z.number().int().nonnegative().max(8.64e15)]).transform(String);

/** Just enough to find the OA whose secret key verifies the signature. */
export const zaloEnvelopeSchema = z.object({
  event_name: z.string().min(1).max(64),
  app_id: id.optional(),
  timestamp,
  oa_id: id.optional(),
  sender: z.object({ id }).optional(),
  recipient: z.object({ id }).optional(),
});

export type ZaloEnvelope = z.infer<typeof zaloEnvelopeSchema>;

/** user_* events are addressed to the OA; oa_* echoes come from it; follow events name it. */
export function oaIdOf(e: ZaloEnvelope): string | undefined {
  if (e.event_name.startsWith("oa_")) return e.sender?.id;
  if (e.event_name === "follow" || e.event_name === "unfollow") return e.oa_id;
  return e.recipient?.id ?? e.oa_id;
}

const attachment = z.object({
  type: z.string().max(32),
  payload: z
    .object({
      url: platformUrl.optional(),
      thumbnail: platformUrl.optional(),
      name: clippedText(500).optional(),
      description: clippedText(500).optional(),
      id: z.union([z.string().max(128), z.number()]).optional(),
      coordinates: z.object({ latitude: z.union([z.string().regex(/^-?\d{1,3}(\.\d{1,12})?$/), z.number().min(-90).max(90)]), longitude: z.union([z.string().regex(/^-?\d{1,3}(\.\d{1,12})?$/), z.number().min(-180).max(180)]) }).optional(),
    })
    .nullish(),
});

const messageEvent = z.object({
  event_name: z.string().regex(/^(user|oa)_send_[a-z_]+$/),
  timestamp,
  sender: z.object({ id }),
  recipient: z.object({ id }),
  message: z.object({
    msg_id: printableId(512),
    text: clippedText(20_000).optional(),
    // Not capped here: a longer list is cut to MAX_ATTACHMENTS after parsing, never refused.
    attachments: z.array(attachment).optional(),
  }),
});

const followEvent = z.object({
  event_name: z.enum(["follow", "unfollow"]),
  timestamp,
  follower: z.object({ id }),
});

const kindFromEvent: Record<string, AttachmentType> = {
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

function toAttachment(a: z.infer<typeof attachment>): IncomingAttachment {
  const type = kindFromEvent[a.type] ?? "fallback";
  const p = a.payload ?? {};
  if (type === "location" && p.coordinates) {
    const { latitude, longitude } = p.coordinates;
    return { type, url: `https://maps.google.com/?q=${latitude},${longitude}`, name: `${latitude}, ${longitude}`, payload: p.coordinates };
  }
  return { type, url: p.url ?? p.thumbnail ?? null, name: p.name ?? p.description ?? null };
}

/**
 * A validated Zalo OA event as normalised events. Events the inbox does not
 * store (seen, reactions, ...) become an empty batch: acknowledged, nothing stored.
 */
export function parseZaloEvent(oaId: string, body: unknown): IncomingBatch {
  const name = (body as { event_name?: unknown }).event_name;
  const events: IncomingEvent[] = [];
  if (name === "follow" || name === "unfollow") {
    const e = parseWith(followEvent, body, "payload");
    events.push({ kind: e.event_name, contactExternalId: e.follower.id, timestamp: new Date(Number(e.timestamp)) });
  } else if (typeof name === "string" && /^(user|oa)_send_/.test(name)) {
    const e = parseWith(messageEvent, body, "payload");
    const echo = e.event_name.startsWith("oa_");
    events.push({
      kind: "message",
      contactExternalId: echo ? e.recipient.id : e.sender.id,
      externalId: e.message.msg_id,
      direction: echo ? "outbound" : "inbound",
      text: e.message.text ?? "",
      attachments: capAttachments(e.message.attachments, { channel: "zalo", externalId: oaId, messageId: e.message.msg_id }).map(toAttachment),
      timestamp: clampToNow(new Date(Number(e.timestamp))),
    });
  }
  return { integrationExternalId: oaId, events };
}
