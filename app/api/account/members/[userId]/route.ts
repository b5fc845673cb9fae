import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { memberParams } from "@/lib/http/route-params";
import { changeRole } from "@/lib/team/change-role";
import { removeTeamMember } from "@/lib/team/remove-member";

export const dynamic = "force-dynamic";

/** An admin removes an agent from the account: their sessions for it are revoked and their sockets cut on every node. */
export const DELETE = withSession({ role: "admin", params: memberParams }, async ({ session, params }) => {
  await removeTeamMember({ accountId: session.accountId, actorId: session.userId, userId: params.userId });
  return Response.json({ ok: true });
});

const roleBody = z.object({ role: z.enum(["admin", "agent"]) });

/** An admin changes a member's role; the last admin cannot step down. */
export const PATCH = withSession({ role: "admin", params: memberParams, body: roleBody }, async ({ session, params, body }) => {
  await changeRole({ accountId: session.accountId, actorId: session.userId, userId: params.userId, role: body.role });
  return Response.json({ ok: true });
});
