import type { z } from "zod";
import type { ChannelMeta } from "@/lib/channels/channel-meta";
import type { ChannelAdapter, IntegrationTarget, OutboundFile, ParsedWebhook, Profile, SendOptions, SendResult, WebhookLookup } from "@/lib/channels/types";

export type SimulatedMessage = { to: string; from: string; text: string; echo?: boolean; image?: string | undefined; mid?: string; timestamp?: number };
export type SignedRequest = { path: string; body: string; headers: Record<string, string> };

type Credentials = Record<string, string>;

export type ChannelWebhook = {
  /** The header that carries the platform's signature over the raw body. */
  signatureHeader: string;
  /**
   * Verify and parse; stores nothing (the route layer hands the batches to lib/inbox).
   * Throws 401 for a bad signature and 400 for an envelope that is not the platform's;
   * item-level defects come back counted in `skipped`, never thrown.
   */
  parse: (raw: Buffer, signature: string | null, lookup: WebhookLookup) => Promise<ParsedWebhook> | ParsedWebhook;
  /** The GET handshake some platforms perform when the webhook is configured: the challenge to echo, or null (403). */
  verifySubscription?: (params: URLSearchParams) => string | null;
};

/** Who is connecting: the signed-in admin's session, the tenant of everything the flow writes. */
export type OAuthActor = { userId: string; accountId: string; sessionId: string };

/** A channel that connects through the platform's OAuth consent page (Settings → Connect). */
export type ChannelOAuth = {
  /** False when the server lacks the app's credentials (env): the button is not offered. */
  enabled: () => boolean;
  /** Fields the admin may fill before leaving for the platform (all optional, kept server-side). */
  fields: Record<string, { label: string; hint: string }>;
  /** Remembers the attempt server-side and returns the platform's consent URL. */
  start: (o: { actor: OAuthActor; input: Record<string, string> }) => Promise<{ url: string }>;
  /** The platform's redirect back (its query): connects the integration for the actor's account. */
  finish: (o: { actor: OAuthActor; query: URLSearchParams }) => Promise<{ integrationId: string; externalId: string; name: string }>;
};

/** The adapter as a channel writes it: credentials already checked against its own schema. */
type TypedAdapter<C> = {
  sendText(integration: IntegrationTarget<C>, recipientExternalId: string, text: string, opts?: SendOptions): Promise<SendResult>;
  sendAttachment(integration: IntegrationTarget<C>, recipientExternalId: string, file: OutboundFile, opts?: SendOptions): Promise<SendResult>;
  fetchProfile(integration: IntegrationTarget<C>, contactExternalId: string): Promise<Profile | null>;
};

/** The platform's verdict on credentials about to be stored: refused with its reason, or a line for the admin. */
/**
 * A refusal's `step` (token, subscribe, wrong_page, unreachable) and `said` (the platform's own words)
 * let the browser put our sentence in the agent's language around a quote of theirs.
 */
export type ConnectCheck = { ok: true; summary: string } | { ok: false; reason: string; step?: string; said?: string; params?: Record<string, string> };

export type ChannelDefinition = {
  meta: ChannelMeta;
  /** Per-integration secrets, stored as one sealed JSON blob and checked against this schema on write and read. */
  credentials: z.ZodType<Credentials>;
  webhook: ChannelWebhook;
  adapter: ChannelAdapter;
  /** `npm run admin -- connect-<id>`: the flag naming the external id, and flag → credential key. */
  connect: {
    externalIdFlag: string;
    externalId: z.ZodType<string>;
    credentialFlags: Record<string, string>;
    /** Asks the platform, before anything is stored, whether the credentials are this integration's (and sets it up). */
    verify?: (externalId: string, credentials: Credentials) => Promise<ConnectCheck>;
  };
  /** `npm run simulate -- <id>`: extra flags, and a signed request as the platform would send it. */
  simulator: { flags: string[]; build: (m: SimulatedMessage, o: { flags: Record<string, string | undefined>; demoCredentials: Credentials | undefined }) => SignedRequest };
  /** Connecting from Settings through the platform's OAuth, where the channel has it. */
  oauth?: ChannelOAuth;
};

/**
 * One channel's folder exports `defineChannel({...})`. The adapter is wrapped so
 * every call re-checks the stored credentials against the channel's own schema.
 */
export function defineChannel<C extends Credentials>(
  def: Omit<ChannelDefinition, "credentials" | "adapter" | "connect"> & {
    credentials: z.ZodType<C>;
    adapter: TypedAdapter<C>;
    connect: Omit<ChannelDefinition["connect"], "verify"> & { verify?: (externalId: string, credentials: C) => Promise<ConnectCheck> };
  },
): ChannelDefinition {
  const typed = (i: IntegrationTarget): IntegrationTarget<C> => ({ ...i, credentials: def.credentials.parse(i.credentials) });
  const { verify, ...connect } = def.connect;
  return {
    ...def,
    connect: { ...connect, ...(verify ? { verify: (id: string, c: Credentials) => verify(id, def.credentials.parse(c)) } : {}) },
    adapter: {
      channel: def.meta.id,
      sendText: (i, to, text, opts) => def.adapter.sendText(typed(i), to, text, opts),
      sendAttachment: (i, to, file, opts) => def.adapter.sendAttachment(typed(i), to, file, opts),
      fetchProfile: (i, contact) => def.adapter.fetchProfile(typed(i), contact),
      fallbackName: def.meta.fallbackName,
    },
  };
}
