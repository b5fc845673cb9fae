import { log } from "@/lib/log";

const statusByCode = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** The platform's messaging window no longer allows a reply (lib/shared/reply-window.ts). */
  outside_window: 409,
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

/**
 * `details.reason` is the refusal's stable machine name (and `details.params` what its sentence names):
 * the browser says it in the agent's language from them (lib/shared/i18n/server-error.ts), the
 * English `message` stays for scripts and logs.
 */
export const notFound = (what = "Not found", reason?: string) => new AppError("not_found", what, reason ? { reason } : {});

/** Unknown errors become a 500 that hides their details (they are logged instead). */
export function errorResponse(err: unknown): Response {
  const known = err instanceof AppError ? err : fromDatabaseError(err);
  if (known) {
    if (known.code === "unavailable") log().error({ err }, "database unavailable");
    return Response.json({ error: { code: known.code, message: known.message, ...known.details } }, { status: known.status });
  }
  log().error({ err }, "unhandled error");
  return Response.json({ error: { code: "internal", message: "Internal server error" } }, { status: 500 });
}

// Recognised by code, never by message text (except pg's own connection errors, which carry none).
const prismaCodes: Record<string, ErrorCode> = {
  P2025: "not_found", // a record an update/delete needed does not exist
  P2002: "conflict", // unique constraint
  P1001: "unavailable",
  P1002: "unavailable",
  P1008: "unavailable",
  P1017: "unavailable",
  P2024: "unavailable", // pool timeout
};
const unavailableKinds = new Set(["ConnectionClosed", "DatabaseNotReachable", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
const unavailableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "57P01", "57P02", "57P03"]);
const pgConnectionMessages = new Set(["Connection terminated unexpectedly", "Connection terminated", "timeout exceeded when trying to connect"]);

const messages: Record<string, string> = {
  not_found: "Not found",
  conflict: "That already exists",
  unavailable: "Service temporarily unavailable",
};

/** A database error the caller should hear about as a 404, 409 or 503; null for anything else (a 500). */
export function fromDatabaseError(err: unknown): AppError | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === "object"; depth++) {
    const x = e as { code?: unknown; kind?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; cause?: unknown };
    const code = typeof x.code === "string" ? x.code : "";
    const kind = typeof x.kind === "string" ? x.kind : String(x.meta?.driverAdapterError?.cause?.kind ?? "");
    const mapped =
      prismaCodes[code] ??
      (unavailableKinds.has(kind) || unavailableCodes.has(code) || code.startsWith("08") ? "unavailable" : undefined) ??
      (typeof x.message === "string" && pgConnectionMessages.has(x.message) ? "unavailable" : undefined);
    if (mapped) return new AppError(mapped, messages[mapped] ?? mapped);
    e = x.cause;
  }
  return null;
}
