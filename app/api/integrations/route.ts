// GET /api/integrations (admins): the account's connected pages / OAs and their state.
import { getIntegrations } from "@/lib/routes/integration-routes";

export const dynamic = "force-dynamic";

export const GET = getIntegrations;
