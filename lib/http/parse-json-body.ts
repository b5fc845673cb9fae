import { AppError } from "@/lib/errors";

export function parseJsonBody(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new AppError("bad_request", "Body is not valid JSON", { reason: "invalid_json" });
  }
}
