import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import type { Channel } from "@/lib/inbox/dto";
import { sendReply } from "@/lib/inbox/send-reply";
import { conversationParams } from "@/lib/http/route-params";

const body = z.object({ text: z.string().trim().min(1, "must not be empty").max(2000) });

/** POST /api/{channel}/conversations/:id/messages — 201 once the platform accepted it. */
export function replyRoute(channel: Channel) {
  return withSession({ params: conversationParams, body }, async ({ session, params, body }) => {
    const message = await sendReply({ accountId: session.accountId, userId: session.userId, conversationId: params.id, channel, text: body.text });
    return Response.json({ message }, { status: 201 });
  });
}
