import type { Channel } from "@/lib/shared/channel-ids";
import type { Credentials } from "@/lib/channels/types";
// The schemas come from the client-safe metadata, not the registry: the registry reaches the
// webhook code, which reads integrations, which would make an import cycle.
import { channelMeta } from "@/lib/channels/metadata";
import { readStoredCredentials, sealStoredCredentials, type StoredCredentialsRow } from "@/lib/stored-credentials";

/** Checks credentials against the channel's schema, then seals them as one JSON blob. */
export function sealCredentials(channel: Channel, credentials: unknown): string {
  return sealStoredCredentials(channelMeta[channel].credentials.parse(credentials));
}

type StoredRow = StoredCredentialsRow & { channel: Channel };

/**
 * The row's credentials, checked against its channel's schema. Rows from before the
 * credentials column keep the legacy columns: read those (an empty or odd one fails the schema).
 */
export function openCredentials(row: StoredRow): Credentials {
  return channelMeta[row.channel].credentials.parse(readStoredCredentials(row));
}
