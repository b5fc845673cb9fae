import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { switchAccount } from "@/lib/auth/switch-account";
import { printableId } from "@/lib/http/safe-string";

export const dynamic = "force-dynamic";

const body = z.object({ accountId: printableId() });

/** POST /api/account/switch {accountId}: a new session cookie for that account; the old session is revoked. */
export const POST = withSession({ body }, async ({ session, body }) => {
  const switched = await switchAccount({ session, accountId: body.accountId });
  return Response.json({ accountId: switched.accountId }, { headers: { "set-cookie": switched.setCookie, "cache-control": "no-store" } });
});
