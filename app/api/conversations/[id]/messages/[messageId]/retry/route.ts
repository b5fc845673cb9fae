import { withSession } from "@/lib/auth/with-session";
import { messageParams } from "@/lib/http/route-params";
import { retryMessage } from "@/lib/inbox/send-reply";

export const dynamic = "force-dynamic";

export const POST = withSession({ params: messageParams }, async ({ session, params }) => {
  const message = await retryMessage({ accountId: session.accountId, userId: session.userId, conversationId: params.id, messageId: params.messageId });
  return Response.json({ message });
});
