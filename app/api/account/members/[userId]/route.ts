import { withSession } from "@/lib/auth/with-session";
import { removeMember } from "@/lib/auth/remove-member";

export const dynamic = "force-dynamic";

/** An admin removes an agent from the account: their sessions for it are revoked and their sockets cut on every node. */
export const DELETE = withSession<{ userId: string }>(async ({ session, params }) => {
  await removeMember(session, params.userId);
  return Response.json({ ok: true });
});
