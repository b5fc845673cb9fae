import { log } from "@/lib/log";

const statusByCode = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  platform_error: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;

/** The one error type the app throws on purpose; its code decides the HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);

/** Unknown errors become a 500 that hides their details (they are logged instead). */
export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    return Response.json({ error: { code: err.code, message: err.message, ...err.details } }, { status: err.status });
  }
  if (isDatabaseUnavailable(err)) {
    log().error({ err }, "database unavailable");
    return Response.json({ error: { code: "unavailable", message: "Service temporarily unavailable" } }, { status: 503 });
  }
  log().error({ err }, "unhandled error");
  return Response.json({ error: { code: "internal", message: "Internal server error" } }, { status: 500 });
}

function isDatabaseUnavailable(err: unknown): boolean {
  const text = String((err as { code?: unknown })?.code ?? "") + " " + String((err as Error)?.message ?? "");
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P01|57P03|08006|08001|Connection terminated|DatabaseNotReachable|P1001|P1017/i.test(text);
}
