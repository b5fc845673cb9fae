import { z } from "zod";

/**
 * A Zalo OA: the app it is linked to, the OA secret key that signs webhooks, and the OA access
 * token. An OA connected through OAuth v4 also has its single-use refresh token and the access
 * token's expiry (ISO time, from `expires_in`), always stored together with the token they belong
 * to. Rows from before OAuth (CLI, demo) have neither and keep working until their token dies.
 */
export const zaloCredentials = z.object({
  appId: z.string().min(1),
  secretKey: z.string().min(1),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  accessTokenExpiresAt: z.iso.datetime().optional(),
});

export type ZaloCredentials = z.infer<typeof zaloCredentials>;
