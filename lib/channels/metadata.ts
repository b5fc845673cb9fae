// Client-safe channel metadata for the UI and tooling. Typed as a Record so a channel
// added to the schema enum but missing here is a compile error (no ternaries fall through).
import { channelIds, type Channel } from "./channel-ids";
import type { ChannelMeta } from "./channel-meta";
import { facebookMeta } from "./facebook/meta";
import { zaloMeta } from "./zalo/meta";

export const channelMeta: Record<Channel, ChannelMeta> = {
  facebook: facebookMeta,
  zalo: zaloMeta,
};

/** In schema order, for filters and menus. */
export const channelList: ChannelMeta[] = channelIds.map((id) => channelMeta[id]);

export type { Channel, ChannelMeta };
