import type { z } from "zod";
import { AppError, errorResponse } from "@/lib/errors";
import { readRawBody } from "@/lib/http/read-raw-body";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { parseWith } from "@/lib/http/parse-with";
import { resolveSession, type SessionContext } from "@/lib/auth/resolve-session";

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (args: { req: Request; session: SessionContext; params: P }) => Promise<Response>;

/** Session, account and error mapping for every inbox API route, in one place. */
export function withSession<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const session = await resolveSession(req);
      if (!session) throw new AppError("unauthorized", "Sign in first");
      return await handler({ req, session, params: await ctx.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Parses a JSON body with a schema; a bad body is a 400, an oversized one a 413. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, limit = 64 * 1024): Promise<z.infer<S>> {
  return parseWith(schema, parseJsonBody(await readRawBody(req, limit)), "body");
}
