import { afterEach, expect, test, vi } from "vitest";
import { parseEnv } from "./env";

afterEach(() => vi.unstubAllEnvs());

test("demo and test runs get the documented defaults", () => {
  const e = parseEnv({});
  expect(e).toMatchObject({ port: 3000, appUrl: "http://localhost:3000", dataDir: ".data", facebookAppSecret: "demo-app-secret", facebookVerifyToken: "demo-verify-token", databaseUrl: undefined, redisUrl: undefined });
  expect(e.facebookGraphApiUrl).toBe("https://graph.facebook.com/v23.0");
  expect(e.zaloApiUrl).toBe("https://openapi.zalo.me");
  expect(parseEnv({ PORT: "4100" }).appUrl).toBe("http://localhost:4100");
});

test("a malformed variable is one clear line naming it", () => {
  expect(() => parseEnv({ PORT: "eighty" })).toThrow(/^Invalid environment variable PORT/);
  expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  expect(() => parseEnv({ REDIS_URL: "localhost:6379" })).toThrow(/REDIS_URL/);
  expect(() => parseEnv({ APP_URL: "not a url" })).toThrow(/APP_URL/);
  expect(() => parseEnv({ ALLOWED_ORIGINS: "https://ok.example, nope" })).toThrow(/ALLOWED_ORIGINS/);
});

test("production requires its secrets, except under npm run demo", () => {
  vi.stubEnv("VITEST", "");
  vi.stubEnv("NODE_ENV", "production");
  expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET/);
  expect(() => parseEnv({ NODE_ENV: "production", AUTH_SECRET: "a-long-enough-secret" })).toThrow(/FACEBOOK_APP_SECRET/);
  expect(parseEnv({ NODE_ENV: "production" }, { requireSecrets: false }).authSecret).toBeTruthy();
  vi.stubEnv("INBOX_DEMO", "1");
  expect(parseEnv({ NODE_ENV: "production" }).facebookAppSecret).toBe("demo-app-secret");
});

test("the origin allow-list is APP_URL plus ALLOWED_ORIGINS, as origins", () => {
  const e = parseEnv({ APP_URL: "https://inbox.example/app/", ALLOWED_ORIGINS: "https://admin.example/x" });
  expect(e.allowedOrigins).toEqual(["https://inbox.example", "https://admin.example"]);
});
