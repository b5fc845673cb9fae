import { withSession } from "@/lib/auth/with-session";
import { parseWith } from "@/lib/http/parse-with";
import { changesQuery, listChanges } from "@/lib/inbox/list-changes";

export const dynamic = "force-dynamic";

/** GET /api/changes?since=<inboxId>:<seq>,… — the catch-up a client runs after every (re)connect. */
export const GET = withSession(async ({ req, session }) => {
  const { since } = parseWith(changesQuery, Object.fromEntries(new URL(req.url).searchParams), "query");
  return Response.json(await listChanges({ accountId: session.accountId, since }));
});
