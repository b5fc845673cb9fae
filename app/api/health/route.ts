import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const h = await checkHealth();
  return Response.json({ status: h.ok ? "ok" : "unavailable", database: h.database, redis: h.redis }, { status: h.ok ? 200 : 503 });
}
