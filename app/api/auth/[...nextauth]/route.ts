import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/assert-same-origin";
import { readRawBody } from "@/lib/http/read-raw-body";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

const AUTH_BODY_LIMIT = 16 * 1024;
// next-auth's own flow and its browser client post forms; scripts may post JSON.
const AUTH_CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/json"] as const;

// Options are built per request so env is read at run time, not at build time.
// Bodies are capped before next-auth reads them. Its POSTs also need our Origin: on
// top of next-auth's CSRF token, which a sibling subdomain can defeat by tossing
// its own csrf cookie onto the parent domain.
const handler = async (req: Request, ctx: Ctx): Promise<Response> => {
  try {
    assertSameOrigin({ req, allowedOrigins: env().allowedOrigins, contentTypes: AUTH_CONTENT_TYPES });
    const body = req.method === "POST" ? await readRawBody(req, AUTH_BODY_LIMIT) : undefined;
    // next-auth reads req.nextUrl: the re-created request must be a NextRequest.
    const capped = body ? new NextRequest(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(body) }) : req;
    return (await NextAuth(capped as never, ctx as never, authOptions())) as Response;
  } catch (err) {
    return errorResponse(err);
  }
};

export { handler as GET, handler as POST };
