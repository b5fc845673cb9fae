import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** zod at the boundary: the first issue becomes a readable 400. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError("bad_request", `Invalid ${what}: ${issue?.path.join(".") || "(root)"} ${issue?.message ?? ""}`.trim());
}
