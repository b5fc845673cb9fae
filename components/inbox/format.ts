import { channelMeta, type Channel } from "@/lib/channels/metadata";
import type { Locale } from "@/lib/shared/i18n/locales";
import { translate } from "@/lib/shared/i18n/translate";

/** "Minh Pham" → "MP"; "Facebook user 1234" → "FU" (a trailing number is not a name). */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter((p) => /^\p{L}/u.test(p));
  if (!parts.length) return "?";
  const last = parts.length > 2 && /\d/.test(name.trim().split(/\s+/).at(-1) ?? "") ? parts[1] : parts[parts.length - 1];
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (last?.[0] ?? "") : "")).toUpperCase();
}

// Dates and times are in the UI's language (`locale`; without one, the browser's own).

/** "now", "5m", "3h", "Tue", "12 Oct": short enough for a list row. */
export function relativeTime(iso: string, now = Date.now(), locale?: Locale): string {
  const t = new Date(iso).getTime();
  const s = Math.max(0, Math.round((now - t) / 1000));
  const l = locale ?? "en";
  if (s < 60) return translate(l, "time.now");
  if (s < 3600) return translate(l, "time.minutes", { n: Math.floor(s / 60) });
  if (s < 86_400) return translate(l, "time.hours", { n: Math.floor(s / 3600) });
  if (s < 7 * 86_400) return new Date(t).toLocaleDateString(locale, { weekday: "short" });
  const sameYear = new Date(t).getFullYear() === new Date(now).getFullYear();
  return new Date(t).toLocaleDateString(locale, { day: "numeric", month: "short", ...(sameYear ? {} : { year: "numeric" }) });
}

/** The full date and time, for a tooltip. */
export function fullTime(iso: string, locale?: Locale): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

export function clockTime(iso: string, locale?: Locale): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: "numeric", minute: "2-digit" });
}

export function dayLabel(iso: string, now = new Date(), locale?: Locale): string {
  const d = new Date(iso);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const day = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  if (day === today) return translate(locale ?? "en", "time.today");
  if (day === today - 86_400_000) return translate(locale ?? "en", "time.yesterday");
  const sameYear = d.getFullYear() === now.getFullYear();
  return d.toLocaleDateString(locale, { weekday: "long", day: "numeric", month: "long", ...(sameYear ? {} : { year: "numeric" }) });
}

/** A stable hue for a name, well mixed so that "user 1000" and "user 1001" differ. */
export function hue(seed: string): number {
  let h = 0x811c9dc5;
  for (const ch of seed) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) % 360;
}

export const channelName = (channel: Channel) => channelMeta[channel].label;
