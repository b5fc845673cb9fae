import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/assert-same-origin";
import { rateLimiter } from "@/lib/http/rate-limit";
import { requestContext } from "@/lib/request-context";
import { readJson } from "@/lib/auth/with-session";
import { acceptInput, acceptInvite } from "@/lib/team/invites";

export const dynamic = "force-dynamic";

/**
 * Accepts an invite: no session (the invitee has none yet), so the token is the
 * credential. Same-origin JSON only, and a few attempts a minute per address:
 * tokens are 192 random bits, the limit keeps the scrypt work bounded.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOrigin({ req, allowedOrigins: env().allowedOrigins, contentTypes: ["application/json"] });
    if (!rateLimiter("invite-accept", { capacity: 10, perSecond: 10 / 60 }).take(requestContext()?.clientIp ?? "unknown")) {
      throw new AppError("rate_limited", "Too many attempts; wait a minute", { reason: "too_many_attempts" });
    }
    const input = await readJson(req, acceptInput, 8 * 1024);
    return Response.json(await acceptInvite(input), { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
