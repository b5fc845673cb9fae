import type { Channel } from "@/lib/shared/channel-ids";

/** One connected page / OA as Settings shows it to its account's admins: never a secret. */
export type IntegrationSummary = {
  id: string;
  channel: Channel;
  externalId: string;
  name: string;
  /**
   * "needs_reconnection": the platform refused its token and renewing could not help;
   * "disconnected": an admin disconnected it (its conversations stay, read-only, until it is connected again).
   */
  state: "connected" | "needs_reconnection" | "disconnected";
  /** Why it needs reconnecting, in words; null when connected (or flagged before reasons were kept). */
  reason: string | null;
  /** What kind of reason: ours ("disconnected", "token_refused"), or "platform" when `reason` is the platform's words. */
  reasonCode?: "disconnected" | "token_refused" | "platform" | null;
  createdAt: string;
};

/** A channel Settings can connect with its id and token(s), checked with the platform first. */
export type TokenChannelOffer = {
  channel: Channel;
  /** "Connect a Facebook page with its token". */
  action: string;
  idLabel: string;
  fields: { name: string; label: string }[];
};

/** A channel that Settings can connect through the platform's OAuth consent page. */
export type OAuthChannelOffer = {
  channel: Channel;
  /** "Connect Zalo OA". */
  action: string;
  enabled: boolean;
  fields: { name: string; label: string; hint: string }[];
};
