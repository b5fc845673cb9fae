import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { printableId } from "@/lib/http/safe-string";
import { assignConversation } from "@/lib/inbox/assign-conversation";

export const dynamic = "force-dynamic";

const body = z.object({ assigneeId: printableId().nullable() });

/** Assign (any member of the account, "Assign to me" included) or unassign with null. */
export const POST = withSession({ params: conversationParams, body }, async ({ session, params, body }) => {
  await assignConversation({ accountId: session.accountId, conversationId: params.id, assigneeId: body.assigneeId, by: { userId: session.userId } });
  return Response.json({ ok: true });
});
