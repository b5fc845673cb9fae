import { z } from "zod";

/** A Zalo OA: the app it is linked to, the OA secret key that signs webhooks, and the OA access token. */
export const zaloCredentials = z.object({ appId: z.string().min(1), secretKey: z.string().min(1), accessToken: z.string().min(1) });

export type ZaloCredentials = z.infer<typeof zaloCredentials>;
