// GET /api/integrations/:channel/oauth/callback (admins): the platform's redirect back after consent.
import { getOAuthCallback } from "@/lib/routes/integration-routes";

export const dynamic = "force-dynamic";

export const GET = getOAuthCallback;
