import { withSession } from "@/lib/auth/with-session";
import { connectBody, connectFromSettings } from "@/lib/admin/manage-integrations";

export const dynamic = "force-dynamic";

/** An admin connects (or reconnects) a page / OA with its token; the platform checks it first. */
export const POST = withSession({ role: "admin", body: connectBody, bodyLimit: 16 * 1024 }, async ({ session, body }) =>
  Response.json({ integration: await connectFromSettings({ accountId: session.accountId, actorId: session.userId, input: body }) }, { status: 201 }),
);
