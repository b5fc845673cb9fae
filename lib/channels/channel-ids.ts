// The channel ids live in lib/shared (the browser imports them); kept here for the channel code.
export { channelIds, isChannel, type Channel } from "@/lib/shared/channel-ids";
