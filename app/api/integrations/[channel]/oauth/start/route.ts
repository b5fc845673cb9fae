// POST /api/integrations/:channel/oauth/start (admins): the platform's OAuth consent URL.
import { postOAuthStart } from "@/lib/routes/integration-routes";

export const dynamic = "force-dynamic";

export const POST = postOAuthStart;
