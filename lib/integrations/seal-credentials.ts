import type { Channel } from "@/lib/channels/channel-ids";
import type { Credentials } from "@/lib/channels/types";
// The schemas come from the client-safe metadata, not the registry: the registry reaches the
// webhook code, which reads integrations, which would make an import cycle.
import { channelMeta } from "@/lib/channels/metadata";
import { openSecret, sealSecret } from "@/lib/integrations/secret-box";

/** Checks credentials against the channel's schema, then seals them as one JSON blob. */
export function sealCredentials(channel: Channel, credentials: unknown): string {
  return sealSecret(JSON.stringify(channelMeta[channel].credentials.parse(credentials)));
}

type StoredRow = { channel: Channel; credentials: string | null; accessToken: string | null; appId: string | null; secretKey: string | null };

/**
 * The row's credentials, checked against its channel's schema. Rows from before the
 * credentials column keep the legacy columns: read those (an empty or odd one fails the schema).
 */
export function openCredentials(row: StoredRow): Credentials {
  const schema = channelMeta[row.channel].credentials;
  if (row.credentials) return schema.parse(JSON.parse(openSecret(row.credentials)));
  const legacy: Credentials = {};
  if (row.accessToken) legacy.accessToken = openSecret(row.accessToken);
  if (row.appId) legacy.appId = row.appId;
  if (row.secretKey) legacy.secretKey = openSecret(row.secretKey);
  return schema.parse(legacy);
}
