import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/auth-options";
import { errorResponse } from "@/lib/errors";
import { readRawBody } from "@/lib/http/read-raw-body";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

const AUTH_BODY_LIMIT = 16 * 1024;

// Options are built per request so env is read at run time, not at build time.
// Bodies are capped before next-auth reads them.
const handler = async (req: Request, ctx: Ctx): Promise<Response> => {
  try {
    const body = req.method === "POST" ? await readRawBody(req, AUTH_BODY_LIMIT) : undefined;
    // next-auth reads req.nextUrl: the re-created request must be a NextRequest.
    const capped = body ? new NextRequest(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(body) }) : req;
    return (await NextAuth(capped as never, ctx as never, authOptions())) as Response;
  } catch (err) {
    return errorResponse(err);
  }
};

export { handler as GET, handler as POST };
