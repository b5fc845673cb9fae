import { DriverAdapterError } from "@prisma/driver-adapter-utils";

/** The fields PostgreSQL error responses carry, in both `pg` and PGlite. */
type PostgresErrorFields = {
  message: string;
  code?: string | undefined;
  severity?: string | undefined;
  detail?: string | undefined;
  column?: string | undefined;
  hint?: string | undefined;
}

function isPostgresError(e: unknown): e is PostgresErrorFields {
  return e instanceof Error && typeof (e as PostgresErrorFields).code === "string";
}

/**
 * Re-throws a database error as a DriverAdapterError so the schema engine
 * reports PostgreSQL's own message (code, detail, hint) instead of a generic
 * "JS error". Used by the executeScript/executeRaw replacements, which bypass
 * the stock adapters' private error mapping.
 */
export function rethrowAsDriverError(e: unknown): never {
  if (!isPostgresError(e)) throw e;
  throw new DriverAdapterError({
    kind: "postgres",
    code: e.code ?? "N/A",
    severity: e.severity ?? "ERROR",
    message: e.message,
    detail: e.detail,
    column: e.column,
    hint: e.hint,
    originalCode: e.code,
    originalMessage: e.message,
  });
}
