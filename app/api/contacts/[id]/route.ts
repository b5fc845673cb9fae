import { withSession } from "@/lib/auth/with-session";
import { conversationParams } from "@/lib/http/route-params";
import { contactPatch, getContactDetails, updateContactDetails } from "@/lib/inbox/contact-details";

export const dynamic = "force-dynamic";

/** The contact panel: any member of the account reads it; another account's contact is a 404. */
export const GET = withSession({ params: conversationParams }, async ({ session, params }) =>
  Response.json({ contact: await getContactDetails({ accountId: session.accountId, userId: session.userId, contactId: params.id }) }),
);

/** Any member edits the name the team uses, the notes and the custom fields. */
export const PATCH = withSession({ params: conversationParams, body: contactPatch, bodyLimit: 32 * 1024 }, async ({ session, params, body }) =>
  Response.json({ contact: await updateContactDetails({ accountId: session.accountId, userId: session.userId, contactId: params.id, patch: body }) }),
);
