import { z } from "zod";

/**
 * Every environment variable the app reads, parsed once. Nothing else reads process.env.
 * Secrets are required in every mode but demo (INBOX_DEMO=1) and test (NODE_ENV=test or
 * VITEST), where missing ones fall back to the well-known demo values.
 */
export type Mode = "production" | "demo" | "test" | "development";

/** Derived from the raw environment given, never from process.env, so parseEnv stays pure. */
function modeOf(raw: Record<string, string | undefined>): Mode {
  if (raw.INBOX_DEMO === "1") return "demo";
  if (raw.NODE_ENV === "test" || raw.VITEST) return "test";
  return raw.NODE_ENV === "production" ? "production" : "development";
}

/**
 * The secrets: minimum lengths (after trimming) and the demo fallbacks. The
 * fallbacks are public (CONTRACT §2), so they are never used outside demo/test
 * unless a caller that never serves requests asks for them (requireSecrets: false).
 */
const secrets = {
  AUTH_SECRET: { key: "authSecret", min: 32, demo: "inbox-demo-secret-not-for-production" },
  FACEBOOK_APP_SECRET: { key: "facebookAppSecret", min: 16, demo: "demo-app-secret" },
  FACEBOOK_VERIFY_TOKEN: { key: "facebookVerifyToken", min: 8, demo: "demo-verify-token" },
} as const;

type SecretName = keyof typeof secrets;
type Secrets = { [N in SecretName as (typeof secrets)[N]["key"]]: string };

const origin = z
  .string()
  .url()
  .transform((u) => new URL(u).origin);

const noTrailingSlash = (u: string) => u.replace(/\/$/, "");

/** "0"/"false": no proxy; "1"/"true": one proxy in front; N: that many proxies, each appending one hop. */
const trustProxy = z
  .string()
  .regex(/^(\d{1,2}|true|false)$/, "must be 0, 1, true, false or a number of proxies")
  .default("0")
  .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v)));

/**
 * Where Messenger and Zalo serve attachments from: Meta's CDNs (scontent-*.xx.fbcdn.net,
 * video-*.xx.fbcdn.net, cdn.fbsbx.com, lookaside.fbsbx.com) and Zalo's media and file hosts
 * (photo-*.zdn.vn, *.zadn.vn, file-*.dlfl.vn redirecting through *.flchat.vn and *.dlmd.me).
 * Sources: test/fixtures/media/README.md.
 */
export const DEFAULT_MEDIA_HOSTS = ["*.fbcdn.net", "*.fbsbx.com", "*.zdn.vn", "*.zadn.vn", "*.zalo.me", "*.dlfl.vn", "*.flchat.vn", "*.dlmd.me"];

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
    /**
     * Optional, PostgreSQL only: a login role for the app's client (a member of inbox_app, not
     * the owner), so the connection itself cannot become the owner. DATABASE_URL (the owner)
     * then serves migrations and the privileged lookups only.
     */
    DATABASE_APP_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL")
      .optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    APP_URL: origin.optional(),
    ALLOWED_ORIGINS: z.string().optional(),
    FACEBOOK_GRAPH_API_URL: z.string().url().default("https://graph.facebook.com/v23.0").transform(noTrailingSlash),
    ZALO_API_URL: z.string().url().default("https://openapi.zalo.me").transform(noTrailingSlash),
    /** Zalo OAuth v4 (authorize page and token endpoint); tests point it at the fake. */
    ZALO_OAUTH_URL: z.string().url().default("https://oauth.zaloapp.com").transform(noTrailingSlash),
    /** The Zalo app OAs are connected through ("Connect Zalo OA"); unset, the button is off and tokens cannot renew. */
    ZALO_APP_ID: z.string().regex(/^\d{5,32}$/, "must be the numeric Zalo app id").optional(),
    /** That app's secret key: sent as the `secret_key` header of the token endpoint, never to a browser. */
    ZALO_APP_SECRET: z.string().trim().min(8, "must be at least 8 characters").optional(),
    WEBHOOK_RATE_LIMIT: z.coerce.number().min(0).default(300),
    TRUST_PROXY: trustProxy,
    /** Zalo events whose timestamp is further than this from now are ignored (replays, bad clocks). */
    ZALO_FRESHNESS_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(900),
    /** Where uploaded and downloaded files are kept (default: <DATA_DIR>/files; share it between nodes). */
    FILES_DIR: z.string().min(1).optional(),
    /** The largest file an agent may upload (Messenger's own limit is 25 MB). */
    FILES_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(25 * 1024 * 1024),
    /**
     * Hosts inbound attachments are downloaded from (comma-separated; "*.suffix" for a domain and its
     * subdomains). Default: Messenger's CDNs and Zalo's media hosts. "*" allows any public host.
     */
    MEDIA_HOSTS: z.string().trim().min(1).default(DEFAULT_MEDIA_HOSTS.join(",")),
    /** The largest inbound attachment kept (also capped by FILES_MAX_BYTES). */
    MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(25 * 1024 * 1024),
    /** One download's whole budget, a slow body included. */
    MEDIA_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
    /** Attempts before an attachment is shown as unavailable, and the first retry's delay (then ×4 each time). */
    MEDIA_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    MEDIA_RETRY_BASE_MS: z.coerce.number().int().min(100).max(86_400_000).default(30_000),
    /**
     * Tests and the demo only: the media fetcher may reach loopback (a fake media host on 127.0.0.1).
     * Refused at start in production and development unless INBOX_E2E=1 (the Playwright servers).
     */
    MEDIA_ALLOW_LOOPBACK: z.enum(["0", "1"]).default("0"),
    /** Set by playwright.config.ts only: the production-mode servers of the end-to-end run. */
    INBOX_E2E: z.enum(["0", "1"]).default("0"),
    /** Set by server.ts in demo mode only: the local stand-in for the platform APIs (see lib/demo/demo-platform.ts). */
    INBOX_DEMO_PLATFORM: z.string().url().optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .transform((e, ctx) => {
    if (e.DATABASE_APP_URL && !e.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_APP_URL"], message: "needs DATABASE_URL (the owner, for migrations and the privileged lookups)" });
    }
    if (Boolean(e.ZALO_APP_ID) !== Boolean(e.ZALO_APP_SECRET)) {
      const missing = e.ZALO_APP_ID ? "ZALO_APP_SECRET" : "ZALO_APP_ID";
      ctx.addIssue({ code: "custom", path: [missing], message: "ZALO_APP_ID and ZALO_APP_SECRET go together" });
    }
    const appUrl = e.APP_URL ?? `http://localhost:${e.PORT}`;
    const extra: string[] = [];
    for (const s of (e.ALLOWED_ORIGINS ?? "").split(",").map((x) => x.trim()).filter(Boolean)) {
      const parsed = origin.safeParse(s);
      if (parsed.success) extra.push(parsed.data);
      else ctx.addIssue({ code: "custom", path: ["ALLOWED_ORIGINS"], message: `${s} is not a URL` });
    }
    return {
      databaseUrl: e.DATABASE_URL === "postgresql://embedded/pglite" ? undefined : e.DATABASE_URL,
      databaseAppUrl: e.DATABASE_APP_URL,
      dataDir: e.DATA_DIR,
      filesDir: e.FILES_DIR ?? `${e.DATA_DIR}/files`,
      filesMaxBytes: e.FILES_MAX_BYTES,
      redisUrl: e.REDIS_URL,
      port: e.PORT,
      appUrl,
      allowedOrigins: [appUrl, ...extra],
      facebookGraphApiUrl: e.FACEBOOK_GRAPH_API_URL,
      zaloApiUrl: e.ZALO_API_URL,
      zaloOauthUrl: e.ZALO_OAUTH_URL,
      /** Both set, or neither (checked below): OAuth needs the pair. */
      zaloApp: e.ZALO_APP_ID && e.ZALO_APP_SECRET ? { appId: e.ZALO_APP_ID, appSecret: e.ZALO_APP_SECRET } : null,
      logLevel: e.LOG_LEVEL,
      /** Webhook requests per second per source address (bursts of 10×); 0 turns the limit off. */
      webhookRateLimit: e.WEBHOOK_RATE_LIMIT,
      /** How many proxies you run in front append to X-Forwarded-For; 0 ignores the header. */
      trustProxy: e.TRUST_PROXY,
      zaloFreshnessWindowMs: e.ZALO_FRESHNESS_WINDOW_S * 1000,
      demoPlatformUrl: e.INBOX_DEMO_PLATFORM?.replace(/\/+$/, ""),
      media: {
        hosts: e.MEDIA_HOSTS.split(",").map((h) => h.trim()).filter(Boolean),
        maxBytes: Math.min(e.MEDIA_MAX_BYTES, e.FILES_MAX_BYTES),
        timeoutMs: e.MEDIA_TIMEOUT_MS,
        maxRedirects: 5,
        maxAttempts: e.MEDIA_MAX_ATTEMPTS,
        retryBaseMs: e.MEDIA_RETRY_BASE_MS,
        /** Asked for; parseEnv honours it only in test/demo mode or an e2e run. */
        allowLoopback: e.MEDIA_ALLOW_LOOPBACK === "1",
      },
      e2e: e.INBOX_E2E === "1",
    };
  });

export type Env = z.output<typeof schema> &
  Secrets & {
    mode: Mode;
    /** True when a missing secret was replaced by its public demo value. */
    demoSecrets: boolean;
    /** True when any platform API base URL was set (the demo then starts no stand-in). */
    platformApisGiven: boolean;
    /** A channel's API base: the <NAME>_API_URL variable if set, else the demo's stand-in, else `fallback`. */
    platformApiUrl: (name: string, fallback: string) => string;
  };

export class EnvError extends Error {}

const PLATFORM_API_NAME = /^[A-Z][A-Z0-9_]*_API_URL$/;

/**
 * Parse a raw environment; throws EnvError with one line naming the bad variable.
 * `requireSecrets: false` is for processes that never serve requests (the build,
 * scripts): a missing secret takes its demo value, a given one is still checked.
 */
export function parseEnv(raw: Record<string, string | undefined>, opts: { requireSecrets?: boolean } = {}): Env {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EnvError(`Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const mode = modeOf(cleaned);
  const lenient = mode === "demo" || mode === "test" || opts.requireSecrets === false;
  let demoSecrets = false;
  const resolved = {} as Secrets;
  for (const [name, s] of Object.entries(secrets) as [SecretName, (typeof secrets)[SecretName]][]) {
    const value = cleaned[name]?.trim() ?? "";
    if (!value) {
      if (!lenient) throw new EnvError(`Missing environment variable ${name}: required unless INBOX_DEMO=1 or NODE_ENV=test${cleaned[name] ? " (it is blank)" : ""}`);
      resolved[s.key] = s.demo;
      demoSecrets = true;
    } else if (value.length < s.min && !(mode === "demo" || mode === "test")) {
      throw new EnvError(`Invalid environment variable ${name}: must be at least ${s.min} characters`);
    } else {
      resolved[s.key] = value;
    }
  }
  // The demo's stand-in answers for every platform API not configured; outside demo mode it is never used.
  const standIn = mode === "demo" ? result.data.demoPlatformUrl : undefined;
  // Any channel's API base, named <SOMETHING>_API_URL in its meta: checked here, read with
  // platformApiUrl(name, default), so a new channel needs no line in this file.
  const platformApiUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(cleaned)) {
    if (!PLATFORM_API_NAME.test(name) || value === undefined) continue;
    if (!z.string().url().safeParse(value).success) throw new EnvError(`Invalid environment variable ${name}: must be a URL`);
    platformApiUrls[name] = noTrailingSlash(value);
  }
  const platformApisGiven = Object.keys(platformApiUrls).length > 0;
  const platformApiUrl = (name: string, fallback: string) => platformApiUrls[name] ?? standIn ?? fallback;
  // The built-in channels' bases go through the same rule (their schema defaults are the fallbacks).
  const platformApis = {
    facebookGraphApiUrl: platformApiUrl("FACEBOOK_GRAPH_API_URL", result.data.facebookGraphApiUrl),
    zaloApiUrl: platformApiUrl("ZALO_API_URL", result.data.zaloApiUrl),
  };
  // A production server never fetches from loopback because of a stray variable: the switch is
  // for tests, the demo and the e2e servers (which run as production on 127.0.0.1 fakes).
  if (result.data.media.allowLoopback && !(mode === "test" || mode === "demo" || result.data.e2e)) {
    throw new EnvError("Invalid environment variable MEDIA_ALLOW_LOOPBACK: only for tests and the demo (INBOX_DEMO=1, NODE_ENV=test or INBOX_E2E=1)");
  }
  return { ...result.data, ...platformApis, demoPlatformUrl: standIn, platformApisGiven, platformApiUrl, ...resolved, mode, demoSecrets };
}

let cached: Env | undefined;
let requireSecrets = true;

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env, { requireSecrets });
  return cached;
}

/**
 * The env of a script that never serves requests (seed, admin): a missing secret
 * takes its demo value instead of stopping it, so it works on a fresh clone with
 * no env; a bad variable still stops it, with its one line and no stack.
 */
export function scriptEnv(): Env {
  requireSecrets = false;
  cached = undefined;
  try {
    return env();
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/** Tests change variables between cases. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/** Parses process.env again: server.ts, after pointing the demo at its stand-in. */
export function rereadEnv(): Env {
  cached = undefined;
  return env();
}
