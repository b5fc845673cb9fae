import { z } from "zod";

/** A Messenger page: its page access token. */
export const facebookCredentials = z.object({ accessToken: z.string().min(1) });

export type FacebookCredentials = z.infer<typeof facebookCredentials>;
