import { z } from "zod";
import { httpUrlOrNull } from "@/lib/shared/safe-url";

/**
 * Strings that reach the database. Platform ids are printable ASCII; free text
 * is made well-formed (a lone surrogate becomes U+FFFD) and loses NUL, which
 * PostgreSQL text cannot hold — otherwise one odd character is a 500.
 */
export const printableId = (max = 128) => z.string().regex(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`), "must be a printable id");

/** Page, OA and user ids: platforms send them as strings, sometimes as numbers. */
export const platformId = (max = 128) => z.union([printableId(max), z.number().int().nonnegative()]).transform(String);

/** Text PostgreSQL can hold: well-formed (a lone surrogate becomes U+FFFD), without NUL. */
export const storableText = (s: string): string => s.toWellFormed().replaceAll("\u0000", "");

export const freeText = (max: number) => z.string().max(max).transform(storableText);

/**
 * Text a query filters by: tabs and line breaks (a paste) read as spaces; any other
 * control character (a NUL, which PostgreSQL cannot compare) is a 400, not a 500.
 */
export const queryText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.replace(/[\t\n\r]+/g, " ").trim().toWellFormed())
    .refine((s) => !/\p{Cc}/u.test(s), "must not contain control characters");

/**
 * Free text from a platform: like freeText, but a longer one is cut to `max`
 * instead of refused — a validly signed delivery is never answered 400 for its size.
 */
export const clippedText = (max: number) =>
  z.string().transform((s) => storableText(s.slice(0, max)));

/** A URL from a platform: kept only when it is http(s) and not overlong, else null (the attachment stays). */
export const platformUrl = z.string().transform(httpUrlOrNull);
