import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { printableId } from "@/lib/http/safe-string";
import { disconnectIntegration, renameBody, renameIntegration } from "@/lib/admin/manage-integrations";

export const dynamic = "force-dynamic";

const params = z.object({ integrationId: printableId() });

/** Rename a page / OA (another account's id is a 404). */
export const PATCH = withSession({ role: "admin", params, body: renameBody }, async ({ session, params, body }) => {
  await renameIntegration({ accountId: session.accountId, actorId: session.userId, integrationId: params.integrationId, name: body.name });
  return Response.json({ ok: true });
});

/** Disconnect it: credentials erased, webhooks ignored, conversations kept. */
export const DELETE = withSession({ role: "admin", params }, async ({ session, params }) => {
  await disconnectIntegration({ accountId: session.accountId, actorId: session.userId, integrationId: params.integrationId });
  return Response.json({ ok: true });
});
