/** Outbound platform calls: JSON in and out, with the 5 s budget the inbox allows a platform. */
export const PLATFORM_TIMEOUT_MS = 5000;
/** A file going up (25 MB on Messenger) needs longer than a JSON call. */
export const UPLOAD_TIMEOUT_MS = 60_000;

export type HttpResult = { reached: true; status: number; body: unknown } | { reached: false; error: string };

export async function callPlatform(url: string, init: RequestInit, timeoutMs = PLATFORM_TIMEOUT_MS): Promise<HttpResult> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // non-JSON answers are kept as text for the error message
    }
    return { reached: true, status: res.status, body };
  } catch (err) {
    const timeout = (err as Error).name === "TimeoutError";
    return { reached: false, error: timeout ? `no answer within ${timeoutMs} ms` : (err as Error).message };
  }
}
