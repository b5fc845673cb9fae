import { withSession } from "@/lib/auth/with-session";
import { listAudit } from "@/lib/team/audit";

export const dynamic = "force-dynamic";

/** Who changed what in the team, newest first (admins only). */
export const GET = withSession({ role: "admin" }, async ({ session }) => Response.json({ events: await listAudit({ accountId: session.accountId }) }));
