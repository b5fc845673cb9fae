import { describe, expect, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { systemDb } from "@/lib/db";
import { signFacebookBody } from "@/lib/channels/facebook/verify-signature";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { databaseKinds } from "../support/test-db";
import { ACME, useWorld } from "../support/world";
import { FB_SECRET, fixture, postFacebook, postZalo, restamp, zaloSignature } from "../support/webhooks";

/**
 * Thousands of mutated platform payloads, signed and unsigned. Every answer is
 * 200/400/401/413, the server stays healthy, and the database holds only what
 * was answered 200 — nothing from a refused payload. A signed Messenger delivery
 * whose envelope is sound is always a 200, whatever its items hold: an item-level
 * defect is acknowledged and skipped, never a 400 (Meta would retry, then disable the webhook).
 */
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 1500);

let seed = Number(process.env.FUZZ_SEED ?? 7);
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const junk: (() => unknown)[] = [
  () => null,
  () => 0,
  () => -1,
  () => 1e308,
  () => "",
  () => "x".repeat(Math.floor(random() * 30_000)),
  () => "💥 مرحبا \u0000 \u202e ﷽ \ud83d",
  () => [],
  () => ({}),
  () => [[[[[[[[[[{}]]]]]]]]]],
  () => ({ nested: { deeper: { junk: [1, "2", null, { x: true }] } } }),
  () => true,
  () => "100000000000001",
  () => 100000000000001,
];

type Json = Record<string, unknown> | unknown[];

function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== "object") return [prefix];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [prefix, ...entries.flatMap(([k, x]) => paths(x, [...prefix, k]))];
}

function mutate(base: Json): Json {
  const copy = structuredClone(base) as Json;
  const targets = paths(copy).filter((p) => p.length > 0);
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const path = pick(targets);
    let parent: Record<string | number, unknown> = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) {
      const next = parent[key];
      if (next === null || typeof next !== "object") break;
      parent = next as Record<string | number, unknown>;
    }
    const last = path[path.length - 1]!;
    const r = random();
    if (r < 0.3) delete parent[last];
    else if (r < 0.9) parent[last] = pick(junk)();
    else parent[`extra_${Math.floor(random() * 100)}`] = pick(junk)();
  }
  return copy;
}

/** A raw body: sometimes with a duplicate key or truncated, as a buggy sender might produce. */
function serialise(v: Json): string {
  const raw = JSON.stringify(v);
  const r = random();
  if (r < 0.05) return raw.slice(0, Math.floor(raw.length / 2));
  if (r < 0.1) return raw.replace(/^\{/, '{"object":"page",');
  return raw;
}

function soundFacebookEnvelope(raw: string): boolean {
  try {
    const v = JSON.parse(raw) as { object?: unknown; entry?: unknown };
    return v.object === "page" && Array.isArray(v.entry) && v.entry.length <= 1000;
  } catch {
    return false;
  }
}

const midsIn = (raw: string) => [...raw.matchAll(/"(?:mid|msg_id)":"([^"\\]+)"/g)].map((m) => m[1]!);

describe.each(databaseKinds())("webhook fuzz on %s", (kind) => {
  useWorld(kind);

  test(`${ROUNDS} mutated Facebook and Zalo payloads`, async () => {
    const bases = [
      ...[
        "text", "attachments", "echo", "delivery", "read", "postback", "batch", "location", "fallback", "quick_reply", "reply_to", "postback_user_ref",
        "referral", "optin_checkbox", "optin_notification", "policy_enforcement", "app_roles", "message_edit", "reaction", "unreact", "standby",
      ].map((n) => ({ channel: "facebook" as const, json: JSON.parse(fixture(`facebook/${n}.json`)) as Json })),
      ...[
        "user_send_text", "user_send_image", "user_send_file", "user_send_sticker", "user_send_link", "user_send_location", "follow", "oa_send_text",
        "user_send_gif", "user_send_business_card", "user_send_text_quote", "anonymous_send_text", "user_asking_product", "user_submit_info",
        "user_reacted_message", "oa_reacted_message", "user_received_message", "user_seen_message",
      ].map((n) => ({ channel: "zalo" as const, json: JSON.parse(restamp(fixture(`zalo/${n}.json`))) as Json })),
    ];
    const statuses: Record<number, number> = {};
    const acceptedMids = new Set<string>();
    const refusedMids = new Set<string>();
    let soundSigned = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const base = pick(bases);
      const json = mutate(base.json);
      // Unique ids so each payload's fate can be traced in the database.
      const raw = serialise(json).replace(/"(mid|msg_id)":"([^"\\]+)"/g, (_m, k: string, v: string) => `"${k}":"fz${i}_${v}"`);
      const signed = random() < 0.85;
      let res: Response;
      if (base.channel === "facebook") {
        res = await postFacebook(raw, signed ? signFacebookBody(raw, FB_SECRET) : pick([null, "sha256=" + "f".repeat(64)]));
      } else {
        let signature: string | null = null;
        if (signed) {
          try {
            signature = zaloSignature(raw, { appId: ACME.zalo.appId, secretKey: ACME.zalo.secretKey });
          } catch {
            signature = "mac=" + "0".repeat(64);
          }
        }
        res = await postZalo(raw, signature);
      }
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      expect([200, 400, 401, 413], `round ${i}: ${res.status} ${await res.clone().text()} ${raw.slice(0, 600)}`).toContain(res.status);
      if (base.channel === "facebook" && signed && soundFacebookEnvelope(raw)) {
        soundSigned++;
        expect(res.status, `round ${i}: a signed delivery with a sound envelope: ${await res.clone().text()} ${raw.slice(0, 600)}`).toBe(200);
      }
      for (const mid of midsIn(raw)) (res.status === 200 ? acceptedMids : refusedMids).add(mid);
    }
    await settleBackground();
    expect((await health()).status).toBe(200);
    const stored = await systemDb().message.findMany({ where: { externalId: { startsWith: "fz" } }, select: { externalId: true } });
    const leaked = stored.filter((m) => !acceptedMids.has(m.externalId!));
    expect(leaked).toEqual([]);
    expect(stored.some((m) => refusedMids.has(m.externalId!) && !acceptedMids.has(m.externalId!))).toBe(false);
    console.log(JSON.stringify({ fuzz: kind, rounds: ROUNDS, statuses, stored: stored.length }));
    expect(statuses[200]).toBeGreaterThan(0);
    expect(statuses[400]).toBeGreaterThan(0);
    expect(statuses[401]).toBeGreaterThan(0);
    // The rule above was exercised, on many mutated items.
    expect(soundSigned).toBeGreaterThan(ROUNDS / 10);
  }, 240_000);
});
