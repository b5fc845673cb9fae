import { channelIds, type Channel } from "@/lib/channels/channel-ids";
import type { ChannelAdapter } from "@/lib/channels/types";
import { channels } from "@/lib/channels/registry";

/** Each channel's adapter, from the registry (kept for the inbox code that imports it). */
export const adapters = Object.fromEntries(channelIds.map((id) => [id, channels[id].adapter])) as Record<Channel, ChannelAdapter>;
