import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { printableId, storableText } from "@/lib/http/safe-string";
import { addNote } from "@/lib/inbox/add-note";

export const dynamic = "force-dynamic";

const body = z.object({
  text: z.string().transform(storableText).pipe(z.string().trim().min(1, "must not be empty").max(5000)),
  // Who the note @mentions: ids the server checks (members who may see the conversation) before telling them.
  mentions: z.array(printableId()).max(20).optional(),
});

/** A private note for the account's agents: 201 with the stored note; nothing goes to the platform. Mentioned members are told. */
export const POST = withSession({ params: conversationParams, body }, async ({ session, params, body }) => {
  const message = await addNote({ accountId: session.accountId, userId: session.userId, conversationId: params.id, text: body.text, mentions: body.mentions ?? [] });
  return Response.json({ message }, { status: 201 });
});
