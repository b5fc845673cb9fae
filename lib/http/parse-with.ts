import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** zod at the boundary: the first issue becomes a readable 400. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "(root)";
  // The field and the kind of problem, for the browser to say in the agent's language.
  const limit = issue && "maximum" in issue ? { max: Number(issue.maximum) } : issue && "minimum" in issue ? { min: Number(issue.minimum) } : {};
  throw new AppError("bad_request", `Invalid ${what}: ${field} ${issue?.message ?? ""}`.trim(), { reason: "invalid_input", params: { field, issue: issue?.code ?? "invalid", ...limit } });
}
