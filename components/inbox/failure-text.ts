import type { MessageDto } from "@/lib/shared/dto";
import type { Locale } from "@/lib/shared/i18n/locales";
import { translate, type MessageKey } from "@/lib/shared/i18n/translate";

/** A failure this browser wrote itself (a Retry refused before the live update came), already in the agent's words. */
export const SAID_HERE = "said_here";

/**
 * The refusals our server writes itself are said in the agent's language; a platform's refusal is
 * its own words, quoted and said to be theirs (English: the stored text, as it is).
 */
export function failureText(m: Pick<MessageDto, "error" | "errorCode">, locale: Locale): string {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  if (locale === "en" || !m.error || m.errorCode === SAID_HERE) return m.error ?? "";
  if (m.errorCode === "not_sent") return t("error.not_sent");
  if (m.errorCode === "outside_window") return t("error.outside_window");
  if (m.errorCode === "attachment_refused") return t("serverError.attachment_refused");
  if (m.errorCode === "timeout") return t("thread.platformTimeout", { said: m.error });
  return t("thread.platformSaid", { said: m.error });
}
