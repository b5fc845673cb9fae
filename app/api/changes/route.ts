import { withSession } from "@/lib/auth/with-session";
import { changesQuery, listChanges } from "@/lib/inbox/list-changes";

export const dynamic = "force-dynamic";

/** GET /api/changes?since=<inboxId>:<seq>,… — the catch-up a client runs after every (re)connect. */
export const GET = withSession({ query: changesQuery }, async ({ session, query }) =>
  Response.json(await listChanges({ accountId: session.accountId, userId: session.userId, since: query.since })),
);
