import { withSession } from "@/lib/auth/with-session";
import { listMentions, mentionsQuery } from "@/lib/inbox/list-mentions";

export const dynamic = "force-dynamic";

/** GET /api/me/mentions?cursor=&limit= — the signed-in member's mentions here, newest first, with the unread count. */
export const GET = withSession({ query: mentionsQuery }, async ({ session, query }) =>
  Response.json(await listMentions({ ...query, accountId: session.accountId, userId: session.userId })),
);
