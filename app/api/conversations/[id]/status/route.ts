import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { setConversationStatus, statusBody } from "@/lib/inbox/set-status";

export const dynamic = "force-dynamic";

export const POST = withSession({ params: conversationParams, body: statusBody }, async ({ session, params, body }) => {
  await setConversationStatus({
    accountId: session.accountId,
    userId: session.userId,
    conversationId: params.id,
    status: body.status,
    snoozedUntil: body.snoozedUntil ? new Date(body.snoozedUntil) : null,
  });
  return Response.json({ ok: true });
});
