import { withSession } from "@/lib/auth/with-session";
import { cannedReplyInput, createCannedReply, listCannedReplies } from "@/lib/team/canned-replies";

export const dynamic = "force-dynamic";

/** Every member reads the account's canned replies: the composer inserts them. */
export const GET = withSession({}, async ({ session }) => Response.json({ cannedReplies: await listCannedReplies({ accountId: session.accountId }) }));

/** Admins add one: 201; a shortcut already used (in any case) is a 409. */
export const POST = withSession({ role: "admin", body: cannedReplyInput, bodyLimit: 16 * 1024 }, async ({ session, body }) => {
  const cannedReply = await createCannedReply({ accountId: session.accountId, actorId: session.userId, input: body });
  return Response.json({ cannedReply }, { status: 201 });
});
