import { withSession } from "@/lib/auth/with-session";
import { memberParams } from "@/lib/http/route-params";
import { createPasswordReset } from "@/lib/team/password-resets";

export const dynamic = "force-dynamic";

/** An admin makes a single-use link for a member to set a new password (shown once). */
export const POST = withSession({ role: "admin", params: memberParams }, async ({ session, params }) =>
  Response.json(await createPasswordReset({ accountId: session.accountId, actorId: session.userId, userId: params.userId }), { status: 201 }),
);
