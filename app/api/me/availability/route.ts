import { withSession } from "@/lib/auth/with-session";
import { availabilityInput, setAvailability } from "@/lib/team/account-settings";

export const dynamic = "force-dynamic";

/** Online or away, in the signed-in account: away members get no conversations automatically. */
export const PUT = withSession({ body: availabilityInput }, async ({ session, body }) => {
  await setAvailability({ accountId: session.accountId, userId: session.userId, availability: body.availability });
  return Response.json({ availability: body.availability });
});
