import { openSecret, sealSecret } from "@/lib/secret-box";

/**
 * Integration credentials as stored, before any channel's schema looks at them: one sealed
 * JSON blob, or (rows from before that column) the legacy accessToken/appId/secretKey columns.
 * Channel-neutral, so a channel folder and lib/integrations can both use it without importing
 * each other; lib/integrations/seal-credentials.ts adds the channel's schema check.
 */
export type StoredCredentialsRow = { credentials: string | null; accessToken: string | null; appId: string | null; secretKey: string | null };

export function readStoredCredentials(row: StoredCredentialsRow): Record<string, string> {
  if (row.credentials) return JSON.parse(openSecret(row.credentials)) as Record<string, string>;
  const legacy: Record<string, string> = {};
  if (row.accessToken) legacy.accessToken = openSecret(row.accessToken);
  if (row.appId) legacy.appId = row.appId;
  if (row.secretKey) legacy.secretKey = openSecret(row.secretKey);
  return legacy;
}

/** Seals credentials that the caller has already checked against its channel's schema. */
export function sealStoredCredentials(checked: object): string {
  return sealSecret(JSON.stringify(checked));
}
