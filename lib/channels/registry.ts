// Every channel, by id. Typed as a Record over the schema's Channel enum: a channel
// added to the enum but missing here (or one here that is not in the enum) is a compile error.
import type { Channel } from "@/lib/channels/channel-ids";
import type { ChannelDefinition } from "@/lib/channels/channel-definition";
import { facebook } from "@/lib/channels/facebook/definition";
import { zalo } from "@/lib/channels/zalo/definition";

export const channels: Record<Channel, ChannelDefinition> = {
  facebook,
  zalo,
};
