// Client-safe: the Channel enum of prisma/schema.prisma (Prisma's generated enums module imports nothing).
import { Channel as channelEnum } from "../generated/prisma/enums";

export type Channel = (typeof channelEnum)[keyof typeof channelEnum];

/** Every channel id, in schema order; a non-empty tuple so it can feed z.enum. */
export const channelIds = Object.values(channelEnum) as [Channel, ...Channel[]];

export function isChannel(value: unknown): value is Channel {
  return (channelIds as readonly unknown[]).includes(value);
}
