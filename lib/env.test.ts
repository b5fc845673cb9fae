import { afterEach, expect, test, vi } from "vitest";
import { parseEnv } from "./env";

afterEach(() => vi.unstubAllEnvs());

const strong = {
  AUTH_SECRET: "a-32-character-secret-for-tests!",
  FACEBOOK_APP_SECRET: "0123456789abcdef0123456789abcdef",
  FACEBOOK_VERIFY_TOKEN: "verify-me-please",
};

test("demo and test runs get the documented defaults", () => {
  const e = parseEnv({ NODE_ENV: "test" });
  expect(e).toMatchObject({ mode: "test", port: 3000, appUrl: "http://localhost:3000", dataDir: ".data", facebookAppSecret: "demo-app-secret", facebookVerifyToken: "demo-verify-token", databaseUrl: undefined, redisUrl: undefined, demoSecrets: true });
  expect(e.facebookGraphApiUrl).toBe("https://graph.facebook.com/v23.0");
  expect(e.zaloApiUrl).toBe("https://openapi.zalo.me");
  expect(parseEnv({ VITEST: "true", PORT: "4100" }).appUrl).toBe("http://localhost:4100");
  expect(parseEnv({ INBOX_DEMO: "1", NODE_ENV: "production" })).toMatchObject({ mode: "demo", facebookAppSecret: "demo-app-secret" });
  // Lenient means no minimum length either: demo and test secrets are public anyway.
  expect(parseEnv({ NODE_ENV: "test", FACEBOOK_APP_SECRET: "short" }).facebookAppSecret).toBe("short");
});

test("a malformed variable is one clear line naming it", () => {
  const t = { NODE_ENV: "test" };
  expect(() => parseEnv({ ...t, PORT: "eighty" })).toThrow(/^Invalid environment variable PORT/);
  expect(() => parseEnv({ ...t, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  expect(() => parseEnv({ ...t, REDIS_URL: "localhost:6379" })).toThrow(/REDIS_URL/);
  expect(() => parseEnv({ ...t, APP_URL: "not a url" })).toThrow(/APP_URL/);
  expect(() => parseEnv({ ...t, ALLOWED_ORIGINS: "https://ok.example, nope" })).toThrow(/^Invalid environment variable ALLOWED_ORIGINS: nope is not a URL$/);
  expect(() => parseEnv({ ...t, TRUST_PROXY: "yes" })).toThrow(/^Invalid environment variable TRUST_PROXY/);
  expect(() => parseEnv({ ...t, ZALO_FRESHNESS_WINDOW_S: "0" })).toThrow(/^Invalid environment variable ZALO_FRESHNESS_WINDOW_S/);
});

test("with NODE_ENV unset (or production) every secret is required, named on one line", () => {
  for (const base of [{}, { NODE_ENV: "development" }, { NODE_ENV: "production" }]) {
    expect(() => parseEnv(base)).toThrow(/^Missing environment variable AUTH_SECRET: required unless INBOX_DEMO=1 or NODE_ENV=test$/);
    expect(() => parseEnv({ ...base, AUTH_SECRET: strong.AUTH_SECRET })).toThrow(/^Missing environment variable FACEBOOK_APP_SECRET/);
    expect(() => parseEnv({ ...base, AUTH_SECRET: strong.AUTH_SECRET, FACEBOOK_APP_SECRET: strong.FACEBOOK_APP_SECRET })).toThrow(/^Missing environment variable FACEBOOK_VERIFY_TOKEN/);
    expect(parseEnv({ ...base, ...strong })).toMatchObject({ authSecret: strong.AUTH_SECRET, demoSecrets: false });
  }
});

test("secrets are trimmed; blank or short ones are refused outside demo and test", () => {
  const e = parseEnv({ ...strong, FACEBOOK_APP_SECRET: `  ${strong.FACEBOOK_APP_SECRET}\n` });
  expect(e.facebookAppSecret).toBe(strong.FACEBOOK_APP_SECRET);
  expect(() => parseEnv({ ...strong, FACEBOOK_APP_SECRET: "   \t " })).toThrow(/^Missing environment variable FACEBOOK_APP_SECRET: .* \(it is blank\)$/);
  expect(() => parseEnv({ ...strong, AUTH_SECRET: "x".repeat(31) })).toThrow(/^Invalid environment variable AUTH_SECRET: must be at least 32 characters$/);
  // Padding does not count towards the length.
  expect(() => parseEnv({ ...strong, FACEBOOK_APP_SECRET: `${"x".repeat(15)}        ` })).toThrow(/^Invalid environment variable FACEBOOK_APP_SECRET: must be at least 16/);
  expect(() => parseEnv({ ...strong, FACEBOOK_VERIFY_TOKEN: "seven77" })).toThrow(/^Invalid environment variable FACEBOOK_VERIFY_TOKEN: must be at least 8/);
});

test("the mode comes from the raw argument, not from process.env", () => {
  vi.stubEnv("INBOX_DEMO", "1");
  vi.stubEnv("NODE_ENV", "test");
  vi.stubEnv("VITEST", "true");
  expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET/);
  expect(parseEnv({ NODE_ENV: "production", INBOX_DEMO: "1" }).mode).toBe("demo");
});

test("scripts (requireSecrets: false) run with no env at all, but a given secret is still checked", () => {
  const e = parseEnv({}, { requireSecrets: false });
  expect(e).toMatchObject({ mode: "development", authSecret: "inbox-demo-secret-not-for-production", demoSecrets: true });
  expect(parseEnv({ AUTH_SECRET: strong.AUTH_SECRET }, { requireSecrets: false }).authSecret).toBe(strong.AUTH_SECRET);
  expect(() => parseEnv({ AUTH_SECRET: "too-short" }, { requireSecrets: false })).toThrow(/AUTH_SECRET: must be at least 32/);
});

test("TRUST_PROXY is a number of proxies; true means one", () => {
  const t = { NODE_ENV: "test" };
  expect(parseEnv(t).trustProxy).toBe(0);
  expect(parseEnv({ ...t, TRUST_PROXY: "true" }).trustProxy).toBe(1);
  expect(parseEnv({ ...t, TRUST_PROXY: "1" }).trustProxy).toBe(1);
  expect(parseEnv({ ...t, TRUST_PROXY: "false" }).trustProxy).toBe(0);
  expect(parseEnv({ ...t, TRUST_PROXY: "2" }).trustProxy).toBe(2);
});

test("the origin allow-list is APP_URL plus ALLOWED_ORIGINS, as origins", () => {
  const e = parseEnv({ NODE_ENV: "test", APP_URL: "https://inbox.example/app/", ALLOWED_ORIGINS: "https://admin.example/x" });
  expect(e.allowedOrigins).toEqual(["https://inbox.example", "https://admin.example"]);
});

test("Zalo OAuth: the base URL has a default; the app id and secret come as a pair or not at all", () => {
  const t = { NODE_ENV: "test" };
  expect(parseEnv(t)).toMatchObject({ zaloOauthUrl: "https://oauth.zaloapp.com", zaloApp: null });
  expect(parseEnv({ ...t, ZALO_OAUTH_URL: "http://127.0.0.1:9/", ZALO_APP_ID: "300000000000001", ZALO_APP_SECRET: "app-secret-123" })).toMatchObject({
    zaloOauthUrl: "http://127.0.0.1:9",
    zaloApp: { appId: "300000000000001", appSecret: "app-secret-123" },
  });
  expect(() => parseEnv({ ...t, ZALO_APP_ID: "300000000000001" })).toThrow(/^Invalid environment variable ZALO_APP_SECRET: ZALO_APP_ID and ZALO_APP_SECRET go together$/);
  expect(() => parseEnv({ ...t, ZALO_APP_SECRET: "app-secret-123" })).toThrow(/^Invalid environment variable ZALO_APP_ID/);
  expect(() => parseEnv({ ...t, ZALO_APP_ID: "app", ZALO_APP_SECRET: "app-secret-123" })).toThrow(/^Invalid environment variable ZALO_APP_ID: must be the numeric Zalo app id$/);
  expect(() => parseEnv({ ...t, ZALO_OAUTH_URL: "oauth.zaloapp.com" })).toThrow(/^Invalid environment variable ZALO_OAUTH_URL/);
});

test("media fetching: the platforms' CDNs by default, no loopback; the loopback switch is refused in production unless an e2e run", async () => {
  const { refusalBeforeFetch } = await import("@/lib/files/fetch-media");
  const prod = { NODE_ENV: "production", ...strong };
  const e = parseEnv(prod);
  expect(e.media).toMatchObject({ allowLoopback: false, maxBytes: 25 * 1024 * 1024, timeoutMs: 30_000, maxAttempts: 5 });
  expect(e.media.hosts).toEqual(expect.arrayContaining(["*.fbcdn.net", "*.fbsbx.com", "*.zdn.vn", "*.zadn.vn"]));
  for (const url of ["https://scontent-hkg4-1.xx.fbcdn.net/v/t39.1997-6/a.png?oe=6700", "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1", "https://photo-stal-15.zdn.vn/gr/jpg/x.jpg"])
    expect(refusalBeforeFetch(url, e.media), url).toBeNull();
  for (const url of ["http://127.0.0.1:3000/x.png", "http://localhost/x.png", "http://169.254.169.254/latest/meta-data/", "https://fbcdn.net.evil.example/x.png"])
    expect(refusalBeforeFetch(url, e.media), url).not.toBeNull();
  // Even listed, a literal loopback address is refused without the switch.
  expect(refusalBeforeFetch("http://127.0.0.1/x.png", parseEnv({ ...prod, MEDIA_HOSTS: "127.0.0.1" }).media)).toBe("blocked_address");
  expect(() => parseEnv({ ...prod, MEDIA_ALLOW_LOOPBACK: "1" })).toThrow(/^Invalid environment variable MEDIA_ALLOW_LOOPBACK/);
  expect(() => parseEnv({ ...strong, MEDIA_ALLOW_LOOPBACK: "1" })).toThrow(/MEDIA_ALLOW_LOOPBACK/);
  expect(parseEnv({ ...prod, MEDIA_ALLOW_LOOPBACK: "1", INBOX_E2E: "1" }).media.allowLoopback).toBe(true);
  expect(parseEnv({ INBOX_DEMO: "1", MEDIA_ALLOW_LOOPBACK: "1" }).media.allowLoopback).toBe(true);
  // The media cap never exceeds what the file store keeps.
  expect(parseEnv({ ...prod, MEDIA_MAX_BYTES: String(50 * 1024 * 1024), FILES_MAX_BYTES: String(10 * 1024 * 1024) }).media.maxBytes).toBe(10 * 1024 * 1024);
});

test("a new channel's API base needs no line in env.ts: any <NAME>_API_URL is checked as a URL and read by name", () => {
  const e = parseEnv({ NODE_ENV: "test", TELEGRAM_API_URL: "https://tg.example/bot/" });
  expect(e.platformApiUrl("TELEGRAM_API_URL", "https://api.telegram.org")).toBe("https://tg.example/bot");
  expect(e.platformApiUrl("WHATSAPP_API_URL", "https://graph.facebook.com")).toBe("https://graph.facebook.com");
  expect(() => parseEnv({ NODE_ENV: "test", TELEGRAM_API_URL: "not a url" })).toThrow("Invalid environment variable TELEGRAM_API_URL: must be a URL");
  // The demo's stand-in answers for a channel left unset, as for the built-in ones.
  const demo = parseEnv({ INBOX_DEMO: "1", INBOX_DEMO_PLATFORM: "http://127.0.0.1:4999" });
  expect(demo.platformApiUrl("TELEGRAM_API_URL", "https://api.telegram.org")).toBe("http://127.0.0.1:4999");
});

test("DATABASE_APP_URL: a PostgreSQL login role for the app's client, only beside DATABASE_URL", () => {
  const t = { NODE_ENV: "test", DATABASE_URL: "postgresql://owner@127.0.0.1/inbox" };
  expect(parseEnv(t)).toMatchObject({ databaseAppUrl: undefined });
  expect(parseEnv({ ...t, DATABASE_APP_URL: "postgresql://app@127.0.0.1/inbox" })).toMatchObject({ databaseAppUrl: "postgresql://app@127.0.0.1/inbox" });
  expect(() => parseEnv({ NODE_ENV: "test", DATABASE_APP_URL: "postgresql://app@127.0.0.1/inbox" })).toThrow(/^Invalid environment variable DATABASE_APP_URL: needs DATABASE_URL/);
  expect(() => parseEnv({ ...t, DATABASE_APP_URL: "mysql://app@127.0.0.1/inbox" })).toThrow(/^Invalid environment variable DATABASE_APP_URL/);
});
