import { AppError } from "@/lib/errors";
import { isChannel } from "@/lib/channels/channel-ids";
import { channels } from "@/lib/channels/registry";
import type { ChannelDefinition } from "@/lib/channels/channel-definition";

/** The definition for a URL segment; an unknown channel is a 404 like any unknown path. */
export function findChannelOrThrow(id: unknown): ChannelDefinition {
  if (!isChannel(id)) throw new AppError("not_found", "No such channel", { reason: "channel_not_found" });
  return channels[id];
}
