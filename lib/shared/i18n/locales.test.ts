import { expect, test } from "vitest";
import { pickLocale } from "./locales";
import { translate } from "./translate";
import { en } from "./messages/en";
import { vi } from "./messages/vi";

test("the switch's cookie wins, then the browser's first language we speak, then English", () => {
  expect(pickLocale("vi", "en-US,en;q=0.9")).toBe("vi");
  expect(pickLocale(undefined, "vi-VN,vi;q=0.9,en;q=0.8")).toBe("vi");
  expect(pickLocale(undefined, "fr-FR,vi;q=0.5")).toBe("vi");
  expect(pickLocale("de", "fr, en;q=0.4")).toBe("en");
  expect(pickLocale(null, null)).toBe("en");
});

test("every message has its Vietnamese, with the same placeholders", () => {
  const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    expect(vi[key], key).toBeTruthy();
    expect(vars(vi[key]), key).toEqual(vars(en[key]));
  }
  expect(translate("vi", "invite.submit", { account: "Acme" })).toBe("Tham gia Acme");
  // A var the caller forgot stays visible rather than printing "undefined".
  expect(translate("en", "invite.submit")).toBe("Join {account}");
});
