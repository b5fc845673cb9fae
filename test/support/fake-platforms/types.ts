import type { IncomingMessage } from "node:http";
import type { Channel } from "@/lib/channels/channel-ids";

/** A file part of a multipart request, as the fake received it. */
export type FakeFile = { filename: string; type: string; size: number; sha256: string; head: string };
/**
 * A multipart/form-data request's parts in order (a field name may repeat: every part is kept).
 * `body` of such a call is the same parts as one object, for tests that look into it.
 */
export type FakeForm = { name: string; value: string | FakeFile }[];
export type FakeCall = { platform: Channel; method: string; path: string; query: Record<string, string>; headers: IncomingMessage["headers"]; body: unknown; form?: FakeForm };
export type Answer = { status: number; body: unknown; delayMs?: number; headers?: Record<string, string> };
export type FakeProfile = { first_name?: string; last_name?: string; profile_pic?: string; display_name?: string; avatar?: string };
export type FakeContext<T> = {
  tokens: T;
  profiles: Map<string, FakeProfile>;
  violations: string[];
  /**
   * The platform's own idea of each customer's last message (user id → epoch ms), as it would
   * know from the chat: when set, a send is refused by the platform's messaging window.
   */
  lastInbound: Map<string, number>;
};

/** One platform's API: which paths are its, and the answer it gives (recording anything off in violations). */
export type FakeHandler<T> = {
  owns: (path: string) => boolean;
  // Method syntax on purpose: the handler map is checked as FakeHandler<unknown> per channel.
  answer(c: FakeCall, ctx: FakeContext<T>): Answer;
  /** Calls that are not the platform's messaging API (an OAuth token endpoint): never `sends`, never given a failNext answer. */
  isAuthCall?: (path: string) => boolean;
  /** The tokens it accepts, from connected integrations (the demo data, for the e2e run). */
  tokensFrom: (integrations: { externalId: string; credentials: Record<string, string> }[]) => T;
};
