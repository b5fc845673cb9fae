import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { setConversationStatus } from "@/lib/inbox/set-status";

export const dynamic = "force-dynamic";

const body = z.object({ status: z.enum(["open", "resolved"]) });

export const POST = withSession({ params: conversationParams, body }, async ({ session, params, body }) => {
  await setConversationStatus({ accountId: session.accountId, userId: session.userId, conversationId: params.id, status: body.status });
  return Response.json({ ok: true });
});
