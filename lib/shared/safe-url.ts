/** Longer URLs are not kept: no real attachment or avatar URL needs more, and each is stored and sent to every agent. */
export const MAX_URL_LENGTH = 2048;

/**
 * The URL if it may become a link or an image: http(s) only (never javascript:,
 * data:, file: ...), at most MAX_URL_LENGTH, normalised by the WHATWG parser (which
 * percent-encodes control characters). Anything else is null. Pure: the server
 * uses it before storing, the browser again before rendering.
 */
export function httpUrlOrNull(raw: string | null | undefined): string | null {
  if (!raw || raw.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href.length <= MAX_URL_LENGTH ? url.href : null;
}
