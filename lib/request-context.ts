import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { ensureProcessState, type RequestContext } from "@/lib/process-state";

export type { RequestContext } from "@/lib/process-state";

// One store for server.ts and Next's bundles, so route handlers see what server.ts set.
const store = () => ensureProcessState("requestContext", () => new AsyncLocalStorage<RequestContext>());

export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return store().run(ctx, fn);
}

export function requestContext(): RequestContext | undefined {
  return store().getStore();
}

/** A caller's X-Request-Id is kept when it looks like one; otherwise a new id. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[\w.:-]{8,128}$/.test(given) ? given : randomUUID();
}
