// Client-safe: what the UI and the tooling know about a channel, with no server code behind it.
import type { z } from "zod";
import type { Channel } from "./channel-ids";
import type { Credentials } from "./types";
import type { ReplyWindowPolicy } from "@/lib/shared/reply-window";
import type { OutboundAttachmentPolicy } from "@/lib/shared/outbound-attachments";

type GlyphPath = { d: string; fill?: string; stroke?: string; strokeWidth?: number };

export type ChannelMeta = {
  id: Channel;
  /** "Facebook": badges, filters, screen-reader names. */
  label: string;
  /** What a connected inbox is called: "Facebook page", "Zalo OA". */
  integrationNoun: string;
  /** The label of the contact's platform id in the contact details. */
  contactIdLabel: string;
  /** Fallback contact name before the profile is known ("Facebook user 1234"). */
  fallbackName: (contactExternalId: string) => string;
  /** The logo as SVG data on a 24×24 box: a circle or rounded square of `background`, then paths. */
  glyph: { shape: "circle" | "rounded"; background: string; paths: GlyphPath[] };
  /** Env variables naming the platform API's base URL; the e2e run points them at the fake platform. */
  apiUrlEnv: string[];
  /**
   * The zod schema of one integration's secrets. Here, not only in the definition, so that
   * sealing credentials (lib/integrations) needs no server code of the channel: no import cycle.
   */
  credentials: z.ZodType<Credentials>;
  /** How long after the customer's last message a reply may be sent, and how (./<id>/window.ts). */
  replyWindow: ReplyWindowPolicy;
  /** What an agent may attach to a reply (./<id>/attachments.ts): the composer checks before upload, the server before sending. */
  outboundAttachments: OutboundAttachmentPolicy;
};
