import { z } from "zod";
import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { assertSameOrigin } from "@/lib/http/assert-same-origin";
import { readRawBody } from "@/lib/http/read-raw-body";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { parseWith } from "@/lib/http/parse-with";
import { printableId } from "@/lib/http/safe-string";
import { resolveSession, type SessionContext } from "@/lib/auth/resolve-session";
import { asAccount } from "@/lib/tenancy/tenant-context";

type RouteContext = { params: Promise<unknown> };
type Schema = z.ZodType;
type Out<S, Fallback> = S extends Schema ? z.infer<S> : Fallback;

/** What a route needs, declared once; the wrapper enforces it before the handler runs. */
export type RouteSpec<P extends Schema | undefined, B extends Schema | undefined, Q extends Schema | undefined> = {
  /** Only members with this role; others get 403. */
  role?: "admin";
  /** Route params; without a schema every param must still be a printable id. */
  params?: P;
  /** JSON body (≤ bodyLimit bytes). */
  body?: B;
  /** Search params. */
  query?: Q;
  bodyLimit?: number;
  /** A raw upload instead of JSON: the body's bytes (application/octet-stream, ≤ limit() bytes; read per request, as env is). */
  upload?: { limit: () => number };
};

type Args<P, B, Q> = { req: Request; session: SessionContext; params: P; body: B; query: Q; upload: Buffer };

const JSON_ONLY = ["application/json"] as const;
// Not a type a cross-site form or no-cors fetch can send: it needs a CORS preflight.
const BYTES_ONLY = ["application/octet-stream"] as const;
const anyParams = z.record(z.string(), z.union([printableId(), z.array(printableId())]));

/**
 * Session, account, CSRF, role, input validation and error mapping for every
 * inbox API route, in one place (dub's withWorkspace): a handler only runs
 * with a live session and inputs that passed their schemas.
 */
export function withSession<P extends Schema | undefined = undefined, B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined>(
  spec: RouteSpec<P, B, Q>,
  handler: (args: Args<Out<P, Record<string, string>>, Out<B, undefined>, Out<Q, undefined>>) => Promise<Response>,
): (req: Request, ctx: RouteContext) => Promise<Response>;
// The implementation works on erased types; the signature above is what routes see.
export function withSession(
  spec: RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>,
  handler: (args: Args<unknown, unknown, unknown>) => Promise<Response>,
) {
  return async (req: Request, ctx: RouteContext): Promise<Response> => {
    try {
      // Before the session is even looked up: a cross-site request learns nothing and changes nothing.
      assertSameOrigin({ req, allowedOrigins: env().allowedOrigins, contentTypes: spec.upload ? BYTES_ONLY : JSON_ONLY });
      const session = await resolveSession(req);
      if (!session) throw new AppError("unauthorized", "Sign in first", { reason: "sign_in_first" });
      if (spec.role && session.role !== spec.role) throw new AppError("forbidden", `Only an ${spec.role} can do this`, { reason: "admin_only" });
      // A NUL or other odd byte in an id is a 400 here, never a 500 from the database.
      const params = parseWith(spec.params ?? anyParams, (await ctx.params) ?? {}, "path");
      const query = spec.query ? parseWith(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query") : undefined;
      const body = spec.body ? await readJson(req, spec.body, spec.bodyLimit) : undefined;
      const upload = spec.upload ? await readRawBody(req, spec.upload.limit()) : Buffer.alloc(0);
      // Everything the handler queries is limited to the session's account by the database too.
      return await asAccount(session.accountId, () => handler({ req, session, params, body, query, upload }));
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Parses a JSON body with a schema; a bad body is a 400, an oversized one a 413. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, limit = 64 * 1024): Promise<z.infer<S>> {
  return parseWith(schema, parseJsonBody(await readRawBody(req, limit)), "body");
}
