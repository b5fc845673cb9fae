import { z } from "zod";

/**
 * Every environment variable the app reads, parsed once. Nothing else reads process.env.
 * Demo and test runs get well-known defaults for secrets; production must set them.
 */
const mode = (): "production" | "demo" | "test" | "development" => {
  if (process.env.INBOX_DEMO === "1") return "demo";
  if (process.env.NODE_ENV === "test" || process.env.VITEST) return "test";
  return process.env.NODE_ENV === "production" ? "production" : "development";
};

const origin = z
  .string()
  .url()
  .transform((u) => new URL(u).origin);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
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
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  FACEBOOK_APP_SECRET: z.string().min(1).optional(),
  FACEBOOK_VERIFY_TOKEN: z.string().min(1).optional(),
  FACEBOOK_GRAPH_API_URL: z.string().url().default("https://graph.facebook.com/v23.0"),
  ZALO_API_URL: z.string().url().default("https://openapi.zalo.me"),
  WEBHOOK_RATE_LIMIT: z.coerce.number().min(0).default(300),
  TRUST_PROXY: z.enum(["0", "1", "true", "false"]).default("0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = {
  mode: ReturnType<typeof mode>;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  port: number;
  appUrl: string;
  allowedOrigins: string[];
  authSecret: string;
  facebookAppSecret: string;
  facebookVerifyToken: string;
  facebookGraphApiUrl: string;
  zaloApiUrl: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  /** Webhook requests per second per source address (bursts of 10×); 0 turns the limit off. */
  webhookRateLimit: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
};

export class EnvError extends Error {}

/** Parse a raw environment; throws EnvError with one line naming the bad variable. */
export function parseEnv(raw: Record<string, string | undefined>, opts: { requireSecrets?: boolean } = {}): Env {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EnvError(`Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const e = result.data;
  const m = mode();
  const lenient = m !== "production" || opts.requireSecrets === false;
  const required = (name: string, value: string | undefined, fallback: string): string => {
    if (value) return value;
    if (lenient) return fallback;
    throw new EnvError(`Missing environment variable ${name}: required when NODE_ENV=production`);
  };
  const appUrl = e.APP_URL ?? `http://localhost:${e.PORT}`;
  const extra = (e.ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const parsed = origin.safeParse(s);
      if (!parsed.success) throw new EnvError(`Invalid environment variable ALLOWED_ORIGINS: ${s} is not a URL`);
      return parsed.data;
    });
  return {
    mode: m,
    databaseUrl: e.DATABASE_URL === "postgresql://embedded/pglite" ? undefined : e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    port: e.PORT,
    appUrl,
    allowedOrigins: [appUrl, ...extra],
    authSecret: required("AUTH_SECRET", e.AUTH_SECRET, "inbox-demo-secret-not-for-production"),
    facebookAppSecret: required("FACEBOOK_APP_SECRET", e.FACEBOOK_APP_SECRET, "demo-app-secret"),
    facebookVerifyToken: required("FACEBOOK_VERIFY_TOKEN", e.FACEBOOK_VERIFY_TOKEN, "demo-verify-token"),
    facebookGraphApiUrl: e.FACEBOOK_GRAPH_API_URL.replace(/\/$/, ""),
    zaloApiUrl: e.ZALO_API_URL.replace(/\/$/, ""),
    logLevel: e.LOG_LEVEL,
    webhookRateLimit: e.WEBHOOK_RATE_LIMIT,
    trustProxy: e.TRUST_PROXY === "1" || e.TRUST_PROXY === "true",
  };
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change variables between cases. */
export function resetEnvForTests(): void {
  cached = undefined;
}
