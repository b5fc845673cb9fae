import { z } from "zod";
import { AppError } from "@/lib/errors";

// Row ids are cuids / uuids: printable ASCII. Anything else (a NUL, say) would reach the query and fail there.
const shape = z.object({ at: z.string().datetime(), id: z.string().regex(/^[\x21-\x7e]{1,64}$/) });

/** The `cursor` query parameter: a nextCursor we served is base64url; anything else is a 400 before decoding. */
export const cursorParam = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]*$/, "must be a nextCursor value")
  .nullish();
export type Cursor = { at: Date; id: string };

/** Keyset cursors: (timestamp, id) of the last row served, opaque to clients. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ at: c.at.toISOString(), id: c.id })).toString("base64url");
}

export function decodeCursor(raw: string | null): Cursor | null {
  if (!raw) return null;
  try {
    const parsed = shape.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return { at: new Date(parsed.at), id: parsed.id };
  } catch {
    throw new AppError("bad_request", "Invalid cursor", { reason: "invalid_cursor" });
  }
}
