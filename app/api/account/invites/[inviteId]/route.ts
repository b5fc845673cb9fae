import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { printableId } from "@/lib/http/safe-string";
import { revokeInvite } from "@/lib/team/invites";

export const dynamic = "force-dynamic";

const params = z.object({ inviteId: printableId() });

export const DELETE = withSession({ role: "admin", params }, async ({ session, params }) => {
  await revokeInvite({ accountId: session.accountId, actorId: session.userId, inviteId: params.inviteId });
  return Response.json({ ok: true });
});
