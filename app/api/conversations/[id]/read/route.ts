import { withSession } from "@/lib/auth/with-session";
import { markRead } from "@/lib/inbox/mark-read";

export const dynamic = "force-dynamic";

export const POST = withSession<{ id: string }>(async ({ session, params }) => {
  await markRead(session.accountId, params.id);
  return Response.json({ ok: true });
});
