/* global process */
// A malformed environment fails the build, not the first request.
import { parseEnv } from "./lib/env.ts";

parseEnv(process.env, { requireSecrets: false });

const dev = process.env.NODE_ENV !== "production";
// Next's bootstrap scripts are inline, hence 'unsafe-inline'; dev's fast refresh also needs eval.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  // Attachments are served by Inbox itself (issue 15): the browser loads nothing from foreign hosts.
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  typedRoutes: false,
  serverExternalPackages: ["pino", "@prisma/client", "@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "socket.io", "redis"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: csp },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
