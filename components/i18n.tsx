"use client";

import { createContext, Fragment, useCallback, useContext, useId, useMemo, type ReactNode } from "react";
import { LOCALE_COOKIE, localeNames, locales, type Locale } from "@/lib/shared/i18n/locales";
import { translate, type MessageKey } from "@/lib/shared/i18n/translate";
import { serverErrorText } from "@/lib/shared/i18n/server-error";
import { ApiError } from "@/lib/client/api";

type I18n = { locale: Locale; t: (key: MessageKey, vars?: Record<string, string | number>) => string };

const I18nContext = createContext<I18n>({ locale: "en", t: (key, vars) => translate("en", key, vars) });

/** The page's language, chosen on the server (lib/i18n/server-locale.ts) and handed to every client component. */
export function I18nProvider({ locale, children }: { locale: Locale; children: React.ReactNode }) {
  const t = useCallback((key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars), [locale]);
  const value = useMemo(() => ({ locale, t }), [locale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);

/**
 * What to show for a failed call: a refusal of the server in the agent's language (its code and
 * reason, lib/shared/i18n/server-error.ts); anything else (the network) is `fallback`.
 */
export function errorText(locale: Locale, err: unknown, fallback: string): string {
  if (!(err instanceof ApiError)) return fallback;
  return serverErrorText(locale, { ...err.details, code: err.code, message: err.message }, fallback);
}

/** A translated text with elements in it: `{j}` in "press {j} to open" becomes nodes.j (a <kbd>, a <code>). */
export function rich(text: string, nodes: Record<string, ReactNode>): ReactNode {
  return text.split(/\{(\w+)\}/g).map((part, i) => (i % 2 === 0 ? part : <Fragment key={i}>{part in nodes ? nodes[part] : `{${part}}`}</Fragment>));
}

/** English or Tiếng Việt: kept in a cookie (it works before sign-in too), then the page reloads in it. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { locale, t } = useI18n();
  const id = useId();
  return (
    <div className={className ?? "language-switch"}>
      <label htmlFor={id}>{t("language.label")}</label>
      <select
        id={id}
        value={locale}
        onChange={(e) => {
          document.cookie = `${LOCALE_COOKIE}=${e.target.value}; Path=/; Max-Age=31536000; SameSite=Lax`;
          window.location.reload();
        }}
      >
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {localeNames[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
