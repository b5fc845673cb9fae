import { z } from "zod";
import { AppError } from "@/lib/errors";

const shape = z.object({ at: z.string().datetime(), id: z.string().min(1).max(64) });
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
    throw new AppError("bad_request", "Invalid cursor");
  }
}
