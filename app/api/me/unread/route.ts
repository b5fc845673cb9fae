import { withSession } from "@/lib/auth/with-session";
import { countUnreadConversations } from "@/lib/inbox/count-unread-conversations";

export const dynamic = "force-dynamic";

/** `conversations`: how many conversations the signed-in member has unread messages in (the tab title shows it). */
export const GET = withSession({}, async ({ session }) =>
  Response.json({ conversations: await countUnreadConversations({ accountId: session.accountId, userId: session.userId }) }),
);
