import { withSession } from "@/lib/auth/with-session";
import { conversationFilters, listConversations } from "@/lib/inbox/list-conversations";

export const dynamic = "force-dynamic";

export const GET = withSession({ query: conversationFilters }, async ({ session, query }) => Response.json(await listConversations({ ...query, accountId: session.accountId, userId: session.userId })));
