// GET /api/integrations/:channel/oauth/callback (admins): the platform's redirect back after consent.
import { getOAuthCallback } from "@/lib/routes/integration-routes";
import { asRefusalPage } from "@/lib/http/refusal-page";

export const dynamic = "force-dynamic";

// The admin's browser lands here: a refusal is a page in their language (scripts still get JSON).
export const GET = async (req: Request, ctx: Parameters<typeof getOAuthCallback>[1]) => asRefusalPage(req, await getOAuthCallback(req, ctx));
