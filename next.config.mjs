/* global process */
// A malformed environment fails the build, not the first request.
import { parseEnv } from "./lib/env.ts";

parseEnv(process.env, { requireSecrets: false });

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
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
        ],
      },
    ];
  },
};

export default nextConfig;
