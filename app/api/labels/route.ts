import { withSession } from "@/lib/auth/with-session";
import { createLabel, createLabelBody, listLabels } from "@/lib/inbox/labels";

export const dynamic = "force-dynamic";

/** The account's labels (every member: agents apply them). */
export const GET = withSession({}, async ({ session }) => Response.json({ labels: await listLabels({ accountId: session.accountId }) }));

/** A new label (admins only); a name already taken in the account is a 409. */
export const POST = withSession({ role: "admin", body: createLabelBody }, async ({ session, body }) =>
  Response.json({ label: await createLabel({ accountId: session.accountId, ...body }) }, { status: 201 }),
);
