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

test("what each channel can attach is said in both languages, and the English is the server's own sentence", async () => {
  const { channelList } = await import("@/lib/channels/metadata");
  const { checkOutboundFile, megabytes } = await import("@/lib/shared/outbound-attachments");
  const { translate } = await import("./translate");
  for (const meta of channelList) {
    const policy = meta.outboundAttachments;
    expect(en[`attach.accepts.${meta.id}` as keyof typeof en]).toBe(policy.accepts);
    for (const rule of policy.rules) {
      const key = `attach.kind.${meta.id}.${rule.as}` as keyof typeof en;
      expect(en[key], key).toBe(rule.label.toLowerCase());
      expect(vi[key], key).toBeTruthy();
      // Too big for its rule: the English built from the pieces is exactly what the server says.
      const mime = rule.mimes[0] === "*" ? "application/x-test" : rule.mimes[0]!.replace("/*", "/x-test");
      const check = checkOutboundFile(meta.label, policy, { name: "big.bin", mime, size: rule.maxBytes + 1 });
      if (check.ok || check.problem.kind !== "size") throw new Error(`${meta.id} ${rule.as}: expected a size refusal`);
      const vars = { name: "big.bin", channel: meta.label, kind: translate("en", key), max: megabytes(rule.maxBytes), size: megabytes(check.problem.size) };
      expect(translate("en", "composer.fileSize", vars)).toBe(check.reason);
      expect(translate("vi", "composer.fileSize", { ...vars, kind: translate("vi", key) })).toContain(translate("vi", key));
    }
  }
});

test("the connect forms' labels: the English the UI has is exactly the server's, so an English page reads the same", async () => {
  const { tokenOffers, oauthOffers } = await import("@/lib/routes/integration-routes");
  for (const offer of tokenOffers()) {
    expect(en[`channels.idLabel.${offer.channel}` as keyof typeof en]).toBe(offer.idLabel);
    for (const f of offer.fields) expect(en[`channels.field.${f.name}` as keyof typeof en]).toBe(f.label);
  }
  for (const offer of oauthOffers()) {
    for (const f of offer.fields) {
      expect(en[`channels.oauthField.${offer.channel}.${f.name}` as keyof typeof en]).toBe(f.label);
      expect(en[`channels.oauthHint.${offer.channel}.${f.name}` as keyof typeof en]).toBe(f.hint);
    }
  }
});
