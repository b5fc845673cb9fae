// Client-safe: which languages the UI speaks and how a browser's choice is read.

export const locales = ["en", "vi"] as const;
export type Locale = (typeof locales)[number];

/** The cookie the language switch writes (a year; not a secret, read by server and browser alike). */
export const LOCALE_COOKIE = "inbox-locale";

export const localeNames: Record<Locale, string> = { en: "English", vi: "Tiếng Việt" };

const isLocale = (x: string | undefined | null): x is Locale => !!x && (locales as readonly string[]).includes(x);

/** The switch's choice, else the first language of Accept-Language we speak, else English. */
export function pickLocale(cookie: string | undefined | null, acceptLanguage: string | undefined | null): Locale {
  if (isLocale(cookie)) return cookie;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase().split("-")[0];
    if (isLocale(tag)) return tag;
  }
  return "en";
}
