import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { conversationLabelsBody, setConversationLabels } from "@/lib/inbox/labels";

export const dynamic = "force-dynamic";

/** Sets the conversation's labels (any member); a label id not of this account is a 404 and nothing changes. */
export const PUT = withSession({ params: conversationParams, body: conversationLabelsBody }, async ({ session, params, body }) =>
  Response.json({ labels: await setConversationLabels({ accountId: session.accountId, userId: session.userId, conversationId: params.id, labelIds: body.labelIds }) }),
);
