import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { storableText } from "@/lib/http/safe-string";
import { addNote } from "@/lib/inbox/add-note";

export const dynamic = "force-dynamic";

const body = z.object({ text: z.string().transform(storableText).pipe(z.string().trim().min(1, "must not be empty").max(5000)) });

/** A private note for the account's agents: 201 with the stored note; nothing goes to the platform. */
export const POST = withSession({ params: conversationParams, body }, async ({ session, params, body }) => {
  const message = await addNote({ accountId: session.accountId, userId: session.userId, conversationId: params.id, text: body.text });
  return Response.json({ message }, { status: 201 });
});
