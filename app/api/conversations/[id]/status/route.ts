import { z } from "zod";
import { readJson, withSession } from "@/lib/auth/with-session";
import { setConversationStatus } from "@/lib/inbox/set-status";

export const dynamic = "force-dynamic";

const body = z.object({ status: z.enum(["open", "resolved"]) });

export const POST = withSession<{ id: string }>(async ({ req, session, params }) => {
  const { status } = await readJson(req, body);
  await setConversationStatus(session.accountId, params.id, status);
  return Response.json({ ok: true });
});
