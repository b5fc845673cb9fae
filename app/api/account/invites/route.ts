import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { createInvite, listInvites } from "@/lib/team/invites";

export const dynamic = "force-dynamic";

/** Open invites of the account (admins only). */
export const GET = withSession({ role: "admin" }, async ({ session }) => Response.json({ invites: await listInvites({ accountId: session.accountId }) }));

const body = z.object({ role: z.enum(["admin", "agent"]).default("agent") });

/** A new single-use invite link (admins only); the link is in this answer and nowhere else. */
export const POST = withSession({ role: "admin", body }, async ({ session, body }) =>
  Response.json(await createInvite({ accountId: session.accountId, actorId: session.userId, role: body.role }), { status: 201 }),
);
