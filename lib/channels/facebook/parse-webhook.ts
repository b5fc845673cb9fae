import { z } from "zod";
import { clippedText, platformId, platformUrl, printableId } from "@/lib/http/safe-string";
import { capAttachments } from "@/lib/channels/cap-attachments";
import { clampToNow } from "@/lib/channels/clamp-to-now";
import type { AttachmentType, IncomingAttachment, IncomingBatch, IncomingEvent } from "@/lib/channels/types";

const id = platformId(64);
const mid = printableId(512);
const ms = z.number().int().nonnegative().max(8.64e15);
// Over-long platform text is cut, not refused: a validly signed delivery is never a 400 for its size.
const text = clippedText(20_000);
const title = clippedText(500);

const attachment = z.object({
  type: z.string().max(32),
  payload: z
    .object({ url: platformUrl.optional(), title: title.optional(), sticker_id: z.union([z.number(), z.string().max(64)]).optional() })
    .nullish(),
  title: title.optional(),
  url: platformUrl.optional(),
});

const messaging = z.object({
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp: ms.optional(),
  message: z
    .object({
      mid,
      text: text.optional(),
      is_echo: z.boolean().optional(),
      // Not capped here: a longer list is cut to MAX_ATTACHMENTS after parsing, never refused.
      attachments: z.array(attachment).optional(),
      sticker_id: z.union([z.number(), z.string().max(64)]).optional(),
    })
    .optional(),
  delivery: z.object({ mids: z.array(mid).max(1000).optional(), watermark: ms.optional() }).optional(),
  read: z.object({ watermark: ms }).optional(),
  postback: z.object({ mid: mid.optional(), title: text.optional(), payload: clippedText(2000).optional() }).optional(),
});

export const facebookWebhookSchema = z.object({
  object: z.literal("page"),
  entry: z
    .array(z.object({ id, time: ms.optional(), messaging: z.array(messaging).max(1000).optional() }))
    .max(1000),
});

type Messaging = z.infer<typeof messaging>;

const knownTypes: AttachmentType[] = ["image", "file", "audio", "video", "fallback", "location"];

function toAttachment(a: z.infer<typeof attachment>, stickerId: unknown): IncomingAttachment {
  const type: AttachmentType =
    stickerId !== undefined && a.type === "image" ? "sticker" : (knownTypes.find((t) => t === a.type) ?? "fallback");
  return { type, url: a.payload?.url ?? a.url ?? null, name: a.payload?.title ?? a.title ?? null };
}

function toEvent(page: string, item: Messaging, entryTime: number | undefined): IncomingEvent | null {
  // Meta retries deliveries for hours, so old timestamps are kept; future ones are clamped.
  const at = clampToNow(new Date(item.timestamp ?? entryTime ?? Date.now()));
  if (item.message) {
    const echo = item.message.is_echo === true;
    // For an echo the page is the sender and the customer the recipient.
    const contact = echo ? item.recipient.id : item.sender.id;
    return {
      kind: "message",
      contactExternalId: contact,
      externalId: item.message.mid,
      direction: echo ? "outbound" : "inbound",
      text: item.message.text ?? "",
      attachments: capAttachments(item.message.attachments, { channel: "facebook", externalId: page, messageId: item.message.mid }).map((a) => toAttachment(a, item.message?.sticker_id)),
      timestamp: at,
    };
  }
  if (item.postback) {
    return {
      kind: "message",
      contactExternalId: item.sender.id,
      // Older postbacks carry no mid: the sender and timestamp identify one uniquely.
      externalId: item.postback.mid ?? `postback:${item.sender.id}:${item.timestamp ?? entryTime ?? 0}`,
      direction: "inbound",
      text: item.postback.title ?? item.postback.payload ?? "",
      attachments: [],
      timestamp: at,
    };
  }
  if (item.delivery) {
    return {
      kind: "delivery",
      contactExternalId: item.sender.id === page ? item.recipient.id : item.sender.id,
      externalIds: item.delivery.mids ?? [],
      watermark: item.delivery.watermark ? new Date(item.delivery.watermark) : null,
    };
  }
  if (item.read) {
    return {
      kind: "read",
      contactExternalId: item.sender.id === page ? item.recipient.id : item.sender.id,
      watermark: new Date(item.read.watermark),
    };
  }
  return null; // reactions, referrals, ...: acknowledged, not stored
}

/** A validated Messenger webhook as normalised events, grouped by page. */
export function toFacebookBatches(payload: z.infer<typeof facebookWebhookSchema>): IncomingBatch[] {
  return payload.entry.map((entry) => ({
    integrationExternalId: entry.id,
    events: (entry.messaging ?? []).flatMap((item) => {
      const event = toEvent(entry.id, item, entry.time);
      return event ? [event] : [];
    }),
  }));
}
