import { withSession } from "@/lib/auth/with-session";
import { parseWith } from "@/lib/http/parse-with";
import { conversationFilters, listConversations } from "@/lib/inbox/list-conversations";

export const dynamic = "force-dynamic";

export const GET = withSession(async ({ req, session }) => {
  const query = parseWith(conversationFilters, Object.fromEntries(new URL(req.url).searchParams), "query");
  return Response.json(await listConversations(session.accountId, query));
});
