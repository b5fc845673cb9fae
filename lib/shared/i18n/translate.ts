import { en, type MessageKey } from "./messages/en";
import { vi } from "./messages/vi";
import type { Locale } from "./locales";

export type { MessageKey };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, vi };

/** `{name}` in a message is replaced by vars.name; a missing var stays visible, never "undefined". */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[locale][key] ?? en[key];
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}
