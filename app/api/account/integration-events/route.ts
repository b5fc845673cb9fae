import { withSession } from "@/lib/auth/with-session";
import { listIntegrationEvents } from "@/lib/inbox/list-integration-events";

export const dynamic = "force-dynamic";

/** GET /api/account/integration-events — admins only: what Messenger said about the account's pages (policy enforcement, app roles). */
export const GET = withSession({ role: "admin" }, async ({ session }) => Response.json({ events: await listIntegrationEvents({ accountId: session.accountId }) }));
