import { withSession } from "@/lib/auth/with-session";
import { notFound } from "@/lib/errors";
import { conversationParams } from "@/lib/http/route-params";
import { loadConversation } from "@/lib/inbox/load-conversation";
import { getConversationOrThrow } from "@/lib/inbox/get-conversation-or-throw";

export const dynamic = "force-dynamic";

/** One conversation of the member's account: a link (`/?c=<id>`) opens it whatever page of the list it is on. */
export const GET = withSession({ params: conversationParams }, async ({ session, params }) => {
  // In an inbox the member does not work in: 404, like another account's.
  await getConversationOrThrow({ accountId: session.accountId, conversationId: params.id, userId: session.userId });
  const conversation = await loadConversation({ accountId: session.accountId, conversationId: params.id, viewer: session.userId });
  if (!conversation) throw notFound("Conversation not found", "conversation_not_found");
  return Response.json({ conversation });
});
