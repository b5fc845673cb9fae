import type { Channel } from "@/lib/channels/channel-ids";

export type AttachmentType = "image" | "file" | "audio" | "video" | "sticker" | "link" | "location" | "fallback";

export type IncomingAttachment = { type: AttachmentType; url: string | null; name: string | null; payload?: unknown };

/** What every platform's webhook is normalised to; the inbox code never sees a platform payload. */
export type IncomingEvent =
  | {
      kind: "message";
      contactExternalId: string;
      externalId: string;
      direction: "inbound" | "outbound";
      text: string;
      attachments: IncomingAttachment[];
      timestamp: Date;
    }
  | { kind: "delivery"; contactExternalId: string; externalIds: string[]; watermark: Date | null }
  | { kind: "read"; contactExternalId: string; watermark: Date }
  | { kind: "follow" | "unfollow"; contactExternalId: string; timestamp: Date };

/** Events addressed to one page / OA. */
export type IncomingBatch = { integrationExternalId: string; events: IncomingEvent[] };

/** Checked against the channel's credentials schema (lib/channels/<id>/definition.ts) before use. */
export type Credentials = Record<string, string>;

export type IntegrationTarget<C = Credentials> = { id: string; externalId: string; credentials: C };

/** How a reply goes out: "human_agent" is a reply past the standard window, marked as a person's (Messenger's HUMAN_AGENT tag). */
export type SendOptions = { window: "standard" | "human_agent" };

export type SendResult =
  | { ok: true; externalId: string }
  /** outsideWindow: the platform refused because its messaging window is closed. */
  | { ok: false; code: string; message: string; tokenInvalid: boolean; outsideWindow?: boolean };

export type Profile = { name: string; avatarUrl: string | null };

/** The small surface every platform implements. */
export type ChannelAdapter = {
  channel: Channel;
  sendText(integration: IntegrationTarget, recipientExternalId: string, text: string, opts?: SendOptions): Promise<SendResult>;
  fetchProfile(integration: IntegrationTarget, contactExternalId: string): Promise<Profile | null>;
  fallbackName(contactExternalId: string): string;
};
