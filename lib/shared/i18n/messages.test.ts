import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { en } from "./messages/en";
import { vi } from "./messages/vi";

/** Words that are the same in Vietnamese: a product or brand name, a word Vietnamese borrowed as is. */
const sameInBoth = new Set(["login.email", "channel.zalo.noun"]);

test("no Vietnamese message is left in English (brand words aside)", () => {
  const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter((k) => vi[k] === en[k] && !sameInBoth.has(k));
  expect(untranslated).toEqual([]);
  // The allow-list stays honest: each word on it really is the same.
  for (const k of sameInBoth) expect(vi[k as keyof typeof vi], k).toBe(en[k as keyof typeof en]);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

test("every key the UI asks for exists in English (literal keys and the channel / status / color families)", () => {
  const files = ["components", "app", "lib/i18n"].flatMap((d) => sources(join(process.cwd(), d)));
  const used = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/\bt\(\s*"([\w.]+)"/g)) used.add(m[1]!);
    for (const m of text.matchAll(/\btranslate\(\s*\w+(?:\s*\?\?\s*"en")?,\s*"([\w.]+)"/g)) used.add(m[1]!);
    // Keys picked from a table: "status.open", "live.connecting"…
    for (const m of text.matchAll(/:\s*"((?:status|live|delivery|thread|list|channels|snooze|system)\.[\w.]+)"/g)) used.add(m[1]!);
  }
  expect(used.size).toBeGreaterThan(150);
  const missing = [...used].filter((k) => !(k in en));
  expect(missing).toEqual([]);
  // Families built from a value: every value has its key.
  for (const channel of ["facebook", "zalo"]) for (const part of ["noun", "contactId"]) expect(`channel.${channel}.${part}` in en).toBe(true);
});
