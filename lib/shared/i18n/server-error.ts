import { en, type MessageKey } from "./messages/en";
import type { Locale } from "./locales";
import { translate } from "./translate";

/** What a refusal of the server carries: its code, its English sentence, and (lib/errors.ts) `reason` + `params`. */
export type ServerRefusal = { code?: string; message?: string; reason?: unknown; params?: unknown };

type Vars = Record<string, string | number>;

const has = (key: string): key is MessageKey => key in en;

/** Param values that are plain words or numbers; an ISO time is said the way the agent reads times. */
function varsOf(locale: Locale, params: unknown): Vars {
  const vars: Vars = {};
  if (!params || typeof params !== "object") return vars;
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (typeof v === "number") vars[k] = v;
    else if (typeof v === "string") vars[k] = /At$/.test(k) && !Number.isNaN(Date.parse(v)) ? new Date(v).toLocaleString(locale) : v;
  }
  // A field is named in the agent's words where the UI has them.
  if (typeof vars.field === "string" && has(`serverError.field.${vars.field}`)) vars.field = translate(locale, `serverError.field.${vars.field}` as MessageKey);
  return vars;
}

/**
 * A server refusal in the agent's language. English is the server's own sentence, word for word
 * (scripts and the English tests read the same text). Otherwise the refusal's `reason` (with a
 * variant by its `step` or `issue` where it has one) picks the sentence, its `params` fill it — a
 * platform's own words among them stay quoted, as they are; a reason the UI does not know yet (or
 * none) is said by its code. Only an unknown code shows the server's English.
 */
export function serverErrorText(locale: Locale, err: ServerRefusal, fallback?: string): string {
  const message = typeof err.message === "string" && err.message ? err.message : undefined;
  if (locale === "en") return message ?? fallback ?? translate(locale, "serverError.code.internal");
  const vars = varsOf(locale, err.params);
  if (typeof err.reason === "string") {
    const variant = vars.step ?? vars.issue;
    const keys = [...(variant !== undefined ? [`serverError.${err.reason}.${variant}`] : []), `serverError.${err.reason}`];
    const key = keys.find(has);
    if (key) return translate(locale, key, vars);
  }
  if (typeof err.code === "string" && has(`serverError.code.${err.code}`)) return translate(locale, `serverError.code.${err.code}` as MessageKey, vars);
  return message ?? fallback ?? translate(locale, "serverError.code.internal");
}
