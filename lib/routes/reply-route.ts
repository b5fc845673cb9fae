import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import type { Channel } from "@/lib/channels/channel-ids";
import { storableText } from "@/lib/http/safe-string";
import { sendReply } from "@/lib/inbox/send-reply";
import { conversationParams } from "@/lib/http/route-params";

// A NUL (which PostgreSQL text cannot hold) is dropped, not a 500; what is left must not be empty.
const body = z.object({ text: z.string().transform(storableText).pipe(z.string().trim().min(1, "must not be empty").max(2000)) });

/** POST /api/{channel}/conversations/:id/messages — 201 once the platform accepted it. */
export function replyRoute(channel: Channel) {
  return withSession({ params: conversationParams, body }, async ({ session, params, body }) => {
    const message = await sendReply({ accountId: session.accountId, userId: session.userId, conversationId: params.id, channel, text: body.text });
    return Response.json({ message }, { status: 201 });
  });
}
