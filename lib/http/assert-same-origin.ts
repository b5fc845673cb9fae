import { AppError } from "@/lib/errors";

type Options = {
  req: Request;
  allowedOrigins: string[];
  /** Media types accepted for the body; anything else is refused. */
  contentTypes: readonly string[];
};

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * CSRF for cookie-authenticated routes. SameSite=Lax still sends the cookie
 * from a sibling port or subdomain (same site), so a state-changing request
 * must name an allowed Origin (or be marked same-origin by the browser) and
 * carry a content type that a cross-site form or no-cors fetch cannot send.
 */
export function assertSameOrigin({ req, allowedOrigins, contentTypes }: Options): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const origin = req.headers.get("origin");
  const fetchSite = req.headers.get("sec-fetch-site");
  const originOk = origin === null ? fetchSite === "same-origin" : allowedOrigins.includes(origin);
  if (!originOk) throw new AppError("forbidden", "Cross-origin request refused", { reason: "cross_origin" });
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!contentTypes.includes(type)) throw new AppError("forbidden", `Content-Type must be ${contentTypes.join(" or ")}`, { reason: "content_type" });
}
