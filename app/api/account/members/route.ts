import { withSession } from "@/lib/auth/with-session";
import { listMembers } from "@/lib/auth/list-members";

export const dynamic = "force-dynamic";

/** The account's members (names and roles, no emails for agents): whom a conversation can be assigned to. */
export const GET = withSession({}, async ({ session }) => Response.json({ members: await listMembers({ accountId: session.accountId, withEmails: session.role === "admin" }) }));
