import { withSession } from "@/lib/auth/with-session";
import { messageParams } from "@/lib/http/route-params";
import { retryMessage } from "@/lib/inbox/send-reply";

export const dynamic = "force-dynamic";

export const POST = withSession({ params: messageParams }, async ({ session, params }) => {
  const message = await retryMessage(session.accountId, params.id, params.messageId);
  return Response.json({ message });
});
