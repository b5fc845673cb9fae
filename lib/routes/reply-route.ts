import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import type { Channel } from "@/lib/channels/channel-ids";
import { storableText } from "@/lib/http/safe-string";
import { sendReplyParts } from "@/lib/inbox/send-reply";
import { conversationParams } from "@/lib/http/route-params";

// A NUL (which PostgreSQL text cannot hold) is dropped, not a 500. Text may be empty only when
// files are attached (ids of the account's stored files, POST /api/files).
const body = z
  .object({
    text: z.string().transform(storableText).pipe(z.string().trim().max(2000)).default(""),
    attachments: z.array(z.string().regex(/^[a-z0-9]{8,64}$/, "not a file id")).max(50).default([]),
  })
  .refine((b) => b.text.length > 0 || b.attachments.length > 0, { message: "must not be empty", path: ["text"] });

/**
 * POST /api/{channel}/conversations/:id/messages — 201 once the platform accepted it. `message` is
 * the first message of the reply; `messages` all of them (the text, then one per attachment).
 */
export function replyRoute(channel: Channel) {
  return withSession({ params: conversationParams, body }, async ({ session, params, body }) => {
    const messages = await sendReplyParts({ accountId: session.accountId, userId: session.userId, conversationId: params.id, channel, text: body.text, attachments: body.attachments });
    return Response.json({ message: messages[0], messages }, { status: 201 });
  });
}
