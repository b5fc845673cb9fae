import type { Channel } from "@/lib/shared/dto";

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

export type Credentials = { accessToken: string; appId: string | null; secretKey: string | null };

export type IntegrationTarget = { id: string; externalId: string; credentials: Credentials };

export type SendResult =
  | { ok: true; externalId: string }
  | { ok: false; code: string; message: string; tokenInvalid: boolean };

export type Profile = { name: string; avatarUrl: string | null };

/** The small surface every platform implements. */
export type ChannelAdapter = {
  channel: Channel;
  sendText(integration: IntegrationTarget, recipientExternalId: string, text: string): Promise<SendResult>;
  fetchProfile(integration: IntegrationTarget, contactExternalId: string): Promise<Profile | null>;
  fallbackName(contactExternalId: string): string;
};
