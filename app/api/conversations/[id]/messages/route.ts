import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { listMessages, messagePage } from "@/lib/inbox/list-messages";

export const dynamic = "force-dynamic";

export const GET = withSession({ params: conversationParams, query: messagePage }, async ({ session, params, query }) =>
  Response.json(await listMessages({ ...query, accountId: session.accountId, userId: session.userId, conversationId: params.id })),
);
