import { withSession } from "@/lib/auth/with-session";
import { markMentionsBody, markMentionsRead } from "@/lib/inbox/mark-mentions-read";

export const dynamic = "force-dynamic";

/** POST /api/me/mentions/read `{ids}` or `{all: true}` — only the caller's own mentions move. */
export const POST = withSession({ body: markMentionsBody }, async ({ session, body }) =>
  Response.json(await markMentionsRead({ accountId: session.accountId, userId: session.userId, read: body })),
);
