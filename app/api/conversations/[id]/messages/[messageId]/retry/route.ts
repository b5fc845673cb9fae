import { withSession } from "@/lib/auth/with-session";
import { retryMessage } from "@/lib/inbox/send-reply";

export const dynamic = "force-dynamic";

export const POST = withSession<{ id: string; messageId: string }>(async ({ session, params }) => {
  const message = await retryMessage(session.accountId, params.id, params.messageId);
  return Response.json({ message });
});
