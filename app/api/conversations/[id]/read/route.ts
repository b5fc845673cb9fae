import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { markRead } from "@/lib/inbox/mark-read";

export const dynamic = "force-dynamic";

export const POST = withSession({ params: conversationParams }, async ({ session, params }) => {
  await markRead({ accountId: session.accountId, userId: session.userId, conversationId: params.id });
  return Response.json({ ok: true });
});
