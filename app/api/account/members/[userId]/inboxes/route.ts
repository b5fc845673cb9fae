import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { memberParams } from "@/lib/http/route-params";
import { printableId } from "@/lib/http/safe-string";
import { getMemberInboxes, setMemberInboxes } from "@/lib/team/inbox-access";

export const dynamic = "force-dynamic";

/** The inboxes a member works in (admins: all). Another account's user is a 404. */
export const GET = withSession({ role: "admin", params: memberParams }, async ({ session, params }) =>
  Response.json(await getMemberInboxes({ accountId: session.accountId, userId: params.userId })),
);

const body = z.object({ all: z.boolean(), integrationIds: z.array(printableId()).max(200) }).strict();

/**
 * An admin chooses the inboxes an agent works in: all of the account's (those connected later
 * too), or these. An id that is not an inbox of this account is a 400 and nothing is stored.
 */
export const PUT = withSession({ role: "admin", params: memberParams, body }, async ({ session, params, body }) =>
  Response.json(await setMemberInboxes({ accountId: session.accountId, actorId: session.userId, userId: params.userId, all: body.all, integrationIds: body.integrationIds })),
);
