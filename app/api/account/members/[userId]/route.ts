import { withSession } from "@/lib/auth/with-session";
import { memberParams } from "@/lib/http/route-params";
import { removeMember } from "@/lib/auth/remove-member";

export const dynamic = "force-dynamic";

/** An admin removes an agent from the account: their sessions for it are revoked and their sockets cut on every node. */
export const DELETE = withSession({ role: "admin", params: memberParams }, async ({ session, params }) => {
  await removeMember({ accountId: session.accountId, actorId: session.userId, userId: params.userId });
  return Response.json({ ok: true });
});
