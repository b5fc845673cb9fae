import type { Locale } from "@/lib/shared/i18n/locales";
import { translate, type MessageKey } from "@/lib/shared/i18n/translate";

// The thread's system lines are stored as the server wrote them, in English, with no code beside
// them (lib/inbox/assign-conversation.ts, set-status.ts, wake-snoozed.ts, the channels' parsers).
// The browser reads them back through the same templates and says them in the agent's language;
// a line no template knows is shown as stored.

type Template = { re: RegExp; key: MessageKey; vars: (m: RegExpExecArray, locale: Locale) => Record<string, string> };

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "3 Dec 2026, 09:00 UTC" (lib/inbox/status-line.ts snoozeTime) in the agent's locale and time zone. */
function snoozeTime(text: string, locale: Locale): string {
  const m = /^(\d{1,2}) (\w{3,4}) (\d{4}),? (\d{2}):(\d{2}) UTC$/.exec(text);
  const month = m ? months.findIndex((x) => m[2]!.startsWith(x)) : -1;
  if (!m || month < 0) return text;
  const at = new Date(Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5])));
  return at.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

const name = (i: number, key = "name") => (m: RegExpExecArray) => ({ [key]: m[i]! });
const by = (m: RegExpExecArray, locale: Locale) => ({ by: m[1] === "Someone" ? translate(locale, "system.someone") : m[1]! });

// Most specific first: "X unassigned themselves" before "X unassigned Y".
const templates: Template[] = [
  { re: /^Assigned to (.+) automatically \(round robin\)$/, key: "system.auto", vars: name(1) },
  { re: /^(.+) was unassigned: they left the account$/, key: "system.leftAccount", vars: name(1) },
  { re: /^(.+) was unassigned: they no longer work in this inbox$/, key: "system.lostAccess", vars: name(1) },
  { re: /^(.+) unassigned themselves$/, key: "system.unassignedSelf", vars: by },
  { re: /^(.+) took this over from (.+)$/, key: "system.tookOver", vars: (m, l) => ({ ...by(m, l), name: m[2]! }) },
  { re: /^(.+) took this conversation$/, key: "system.took", vars: by },
  { re: /^(.+) assigned this to (.+)$/, key: "system.assigned", vars: (m, l) => ({ ...by(m, l), name: m[2]! }) },
  { re: /^(.+) snoozed this until (.+ UTC)$/, key: "system.snoozed", vars: (m, l) => ({ ...by(m, l), time: snoozeTime(m[2]!, l) }) },
  { re: /^(.+) reopened this$/, key: "system.reopened", vars: by },
  { re: /^(.+) marked this pending$/, key: "system.pending", vars: by },
  { re: /^(.+) resolved this$/, key: "system.resolved", vars: by },
  { re: /^(.+) unassigned (.+)$/, key: "system.unassigned", vars: (m, l) => ({ ...by(m, l), name: m[2]! }) },
  { re: /^Woke up: the customer wrote$/, key: "system.wokeCustomer", vars: () => ({}) },
  { re: /^Woke up: the snooze ended$/, key: "system.wokeTime", vars: () => ({}) },
  { re: /^Shared contact details: (.*)$/s, key: "system.shared", vars: name(1, "fields") },
];

/** The stored line in the agent's language (English lines are returned as they are). */
export function systemLineText(text: string, locale: Locale): string {
  if (locale === "en") return text;
  for (const t of templates) {
    const m = t.re.exec(text);
    if (m) return translate(locale, t.key, t.vars(m, locale));
  }
  const from = /^Came from (an m\.me link|an ad|the chat plugin|a referral)(.*)$/s.exec(text);
  if (from) {
    const source = ({ "an m.me link": "system.from.mme", "an ad": "system.from.ad", "the chat plugin": "system.from.plugin", "a referral": "system.from.referral" } as const)[from[1] as "an ad"];
    return translate(locale, "system.cameFrom", { source: translate(locale, source) }) + from[2];
  }
  // Facebook's referral and opt-in lines: the fixed words before the platform's own.
  const prefixes: [string, MessageKey][] = [
    ["Opted in through a Messenger plugin", "system.optedIn"],
    ["Opted in to marketing messages", "system.marketingIn"],
    ["Stopped marketing messages", "system.marketingOut"],
  ];
  for (const [en, key] of prefixes) if (text.startsWith(en)) return translate(locale, key) + text.slice(en.length);
  return text;
}
