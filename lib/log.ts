import pino from "pino";

declare global {
  var __inboxLog: pino.Logger | undefined;
}

/** One structured JSON logger per process (server.ts and the Next bundles share it). */
export function log(): pino.Logger {
  globalThis.__inboxLog ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
    base: { service: "inbox" },
    redact: ["*.accessToken", "*.secretKey", "*.password", "*.token"],
  });
  return globalThis.__inboxLog;
}
