import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { cannedReplyPatch, deleteCannedReply, updateCannedReply } from "@/lib/team/canned-replies";

export const dynamic = "force-dynamic";

// Same shape as a conversation's: one printable id.
const params = conversationParams;

/** Admins change the shortcut or text; another account's id is a 404. */
export const PATCH = withSession({ role: "admin", params, body: cannedReplyPatch, bodyLimit: 16 * 1024 }, async ({ session, params, body }) => {
  const cannedReply = await updateCannedReply({ accountId: session.accountId, actorId: session.userId, id: params.id, patch: body });
  return Response.json({ cannedReply });
});

export const DELETE = withSession({ role: "admin", params }, async ({ session, params }) => {
  await deleteCannedReply({ accountId: session.accountId, actorId: session.userId, id: params.id });
  return Response.json({ ok: true });
});
