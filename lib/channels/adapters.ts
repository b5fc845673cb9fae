import type { Channel } from "@/lib/shared/dto";
import type { ChannelAdapter } from "@/lib/channels/types";
import { facebookAdapter } from "@/lib/channels/facebook/adapter";
import { zaloAdapter } from "@/lib/channels/zalo/adapter";

export const adapters: Record<Channel, ChannelAdapter> = { facebook: facebookAdapter, zalo: zaloAdapter };
