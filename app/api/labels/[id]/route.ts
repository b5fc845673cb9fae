import { withSession } from "@/lib/auth/with-session";
import { deleteLabel, labelParams, updateLabel, updateLabelBody } from "@/lib/inbox/labels";

export const dynamic = "force-dynamic";

/** Renames or recolors a label (admins only); another account's label is a 404. */
export const PATCH = withSession({ role: "admin", params: labelParams, body: updateLabelBody }, async ({ session, params, body }) =>
  Response.json({ label: await updateLabel({ accountId: session.accountId, labelId: params.id, ...body }) }),
);

/** Deletes a label and takes it off every conversation (admins only). */
export const DELETE = withSession({ role: "admin", params: labelParams }, async ({ session, params }) => {
  await deleteLabel({ accountId: session.accountId, labelId: params.id });
  return Response.json({ ok: true });
});
