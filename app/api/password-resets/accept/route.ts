import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/assert-same-origin";
import { rateLimiter } from "@/lib/http/rate-limit";
import { requestContext } from "@/lib/request-context";
import { readJson } from "@/lib/auth/with-session";
import { resetInput, usePasswordReset } from "@/lib/team/password-resets";

export const dynamic = "force-dynamic";

/**
 * Sets a new password through a reset link: no session (the member may have none), so the
 * token is the credential. Same-origin JSON only, a few attempts a minute per address
 * (tokens are 192 random bits; the limit bounds the scrypt work).
 */
export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOrigin({ req, allowedOrigins: env().allowedOrigins, contentTypes: ["application/json"] });
    if (!rateLimiter("password-reset", { capacity: 10, perSecond: 10 / 60 }).take(requestContext()?.clientIp ?? "unknown")) {
      throw new AppError("rate_limited", "Too many attempts; wait a minute", { reason: "too_many_attempts" });
    }
    const input = await readJson(req, resetInput, 8 * 1024);
    return Response.json(await usePasswordReset(input));
  } catch (err) {
    return errorResponse(err);
  }
}
