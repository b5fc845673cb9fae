import type { z } from "zod";

/** A printable name for an item's kind, from its keys (never its values): what a log line may say. */
export function itemKind(raw: unknown, ignore: readonly string[]): string {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw === null ? "null" : Array.isArray(raw) ? "array" : typeof raw;
  const key = Object.keys(raw).find((k) => !ignore.includes(k));
  return key ? printable(key) : "empty";
}

/** Why an item did not parse: the first issue's path and message. Zod's messages name types, not values. */
export function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : printable(String(p)))).join(".");
  return `${path ? `${path}: ` : ""}${issue.code}`.slice(0, 200);
}

const printable = (s: string) => s.replace(/[^\x21-\x7e]/g, "?").slice(0, 48);
