import { withSession } from "@/lib/auth/with-session";
import { parseWith } from "@/lib/http/parse-with";
import { listMessages, messagePage } from "@/lib/inbox/list-messages";

export const dynamic = "force-dynamic";

export const GET = withSession<{ id: string }>(async ({ req, session, params }) => {
  const query = parseWith(messagePage, Object.fromEntries(new URL(req.url).searchParams), "query");
  return Response.json(await listMessages(session.accountId, params.id, query));
});
