import type { Channel } from "@/lib/channels/channel-ids";

export type AttachmentType = "image" | "file" | "audio" | "video" | "sticker" | "link" | "location" | "fallback";

/** `payload` keeps what the URL cannot say: a location's {latitude, longitude}, a sticker id, a card's phone. */
export type IncomingAttachment = { type: AttachmentType; url: string | null; name: string | null; payload?: unknown };

/** Who reacted: the customer, or the page / OA (an agent, or the platform's own inbox). */
export type ReactionSide = "customer" | "business";

/**
 * What every platform's webhook is normalised to; the inbox code never sees a platform payload.
 * These types are shared by lib/channels (which produces them) and lib/inbox (which stores
 * them); lib/channels imports nothing from lib/inbox, so there is no cycle.
 */
export type IncomingEvent =
  | {
      kind: "message";
      contactExternalId: string;
      externalId: string;
      direction: "inbound" | "outbound";
      text: string;
      attachments: IncomingAttachment[];
      timestamp: Date;
      /** The platform id of the earlier message this one answers (Messenger reply_to, Zalo quote_msg_id). */
      replyToExternalId?: string | undefined;
      /** A quick reply's or postback's developer payload. */
      payload?: string | undefined;
    }
  /** A line in the thread about the conversation (a referral, an opt-in, shared contact details). */
  | { kind: "system"; contactExternalId: string; externalId: string; text: string; timestamp: Date }
  | { kind: "edit"; contactExternalId: string; externalId: string; text: string; timestamp: Date }
  /** emoji null: the reaction was withdrawn. */
  | { kind: "reaction"; contactExternalId: string; externalId: string; by: ReactionSide; emoji: string | null; timestamp: Date }
  | { kind: "delivery"; contactExternalId: string; externalIds: string[]; watermark: Date | null }
  | { kind: "read"; contactExternalId: string; externalIds?: string[]; watermark: Date | null }
  | { kind: "follow" | "unfollow"; contactExternalId: string; timestamp: Date }
  /** About the integration itself, not a conversation (Messenger policy enforcement, app roles). */
  | { kind: "integration"; type: string; action: string | null; detail: Record<string, unknown>; dedupeKey: string; timestamp: Date };

/** Why an item of a sound delivery was acknowledged without being stored. */
export type SkippedItem = { kind: string; reason: string };

/** Events addressed to one page / OA, and what of that delivery could not be used. */
export type IncomingBatch = { integrationExternalId: string; events: IncomingEvent[]; skipped?: SkippedItem[] };

/**
 * A channel's webhook as parsed: batches to store, and how many things of the delivery
 * were acknowledged unused (`ignored`: an unknown page/OA or a stale event; `skipped`: an
 * item of a kind not stored, or malformed).
 */
export type ParsedWebhook = { batches: IncomingBatch[]; ignored: number; skipped: number };

/** Checked against the channel's credentials schema (lib/channels/<id>/definition.ts) before use. */
export type Credentials = Record<string, string>;

export type IntegrationTarget<C = Credentials> = { id: string; externalId: string; credentials: C };

/** How a reply goes out: "human_agent" is a reply past the standard window, marked as a person's (Messenger's HUMAN_AGENT tag). */
export type SendOptions = { window: "standard" | "human_agent" };

/**
 * Finds the integration for a page / OA id, for channels that verify with per-integration
 * secrets. Given by the route layer, so a channel folder needs nothing of lib/integrations.
 */
export type WebhookLookup = (externalId: string) => Promise<IntegrationTarget | null>;

export type SendResult =
  | { ok: true; externalId: string }
  /** outsideWindow: the platform refused because its messaging window is closed. */
  | { ok: false; code: string; message: string; tokenInvalid: boolean; outsideWindow?: boolean };

export type Profile = { name: string; avatarUrl: string | null };

/**
 * A stored file going out as one platform message. `as` is the rule of the channel's
 * outbound policy it passed (./<id>/attachments.ts): Messenger's attachment type, Zalo's upload.
 */
export type OutboundFile = { name: string; mime: string; bytes: Buffer; as: string };

/** The small surface every platform implements. */
export type ChannelAdapter = {
  channel: Channel;
  sendText(integration: IntegrationTarget, recipientExternalId: string, text: string, opts?: SendOptions): Promise<SendResult>;
  /** One attachment as its own message (uploaded with it, or uploaded first where the platform needs that). */
  sendAttachment(integration: IntegrationTarget, recipientExternalId: string, file: OutboundFile, opts?: SendOptions): Promise<SendResult>;
  fetchProfile(integration: IntegrationTarget, contactExternalId: string): Promise<Profile | null>;
  fallbackName(contactExternalId: string): string;
};
