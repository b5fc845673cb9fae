import { z } from "zod";

/**
 * Strings that reach the database. Platform ids are printable ASCII; free text
 * is made well-formed (a lone surrogate becomes U+FFFD) and loses NUL, which
 * PostgreSQL text cannot hold — otherwise one odd character is a 500.
 */
export const printableId = (max = 128) => z.string().regex(new RegExp(`^[\\x21-\\x7e]{1,${max}}$`), "must be a printable id");

/** Page, OA and user ids: platforms send them as strings, sometimes as numbers. */
export const platformId = (max = 128) => z.union([printableId(max), z.number().int().nonnegative()]).transform(String);

export const freeText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.toWellFormed().replaceAll("\u0000", ""));
