import { LOCALE_COOKIE, pickLocale } from "@/lib/shared/i18n/locales";
import { serverErrorText, type ServerRefusal } from "@/lib/shared/i18n/server-error";
import { translate } from "@/lib/shared/i18n/translate";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A refusal answered to a top-level browser navigation (a platform's OAuth redirect back): the
 * same status, but a page in the admin's language with a way back to Settings → Channels instead
 * of raw JSON. Scripts (no text/html in Accept) keep the JSON as it is.
 */
export async function asRefusalPage(req: Request, res: Response): Promise<Response> {
  if (res.status < 400 || !(req.headers.get("accept") ?? "").includes("text/html")) return res;
  const body = (await res.clone().json().catch(() => ({}))) as { error?: ServerRefusal };
  const cookie = (req.headers.get("cookie") ?? "").split(/;\s*/).find((c) => c.startsWith(`${LOCALE_COOKIE}=`))?.slice(LOCALE_COOKIE.length + 1);
  const locale = pickLocale(cookie, req.headers.get("accept-language"));
  const title = translate(locale, "oauth.failedTitle");
  const text = serverErrorText(locale, body.error ?? {}, translate(locale, "settings.failed"));
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(text)}</p><p><a href="/settings/channels">${escapeHtml(translate(locale, "oauth.backToChannels"))}</a></p></main></body></html>`;
  return new Response(html, { status: res.status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
