import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { assignConversation } from "@/lib/inbox/assign-conversation";
import { connectedMembers } from "@/lib/realtime/connected-members";

/**
 * After a webhook's commit (in the background): each new conversation of an account with
 * auto-assignment on goes to the available member who has waited longest since their last
 * automatic one (round robin). Available: online by their own say and connected right now.
 * The pick and its turn are one statement (`FOR UPDATE SKIP LOCKED`), so two nodes taking
 * turns at once give two different members; nobody available leaves it unassigned.
 */
export async function autoAssign(opts: { accountId: string; contactIds: string[] }): Promise<void> {
  const { accountId, contactIds } = opts;
  const account = await db().account.findUnique({ where: { id: accountId }, select: { autoAssign: true } });
  if (!account?.autoAssign || !contactIds.length) return;
  const conversations = await db().conversation.findMany({ where: { accountId, contactId: { in: contactIds }, assigneeId: null }, select: { id: true, integrationId: true } });
  if (!conversations.length) return;
  // One ask of every node per batch (not per conversation): who has a live socket now.
  const online = [...(await connectedMembers(accountId))];
  if (!online.length) return log().info({ accountId, conversations: conversations.length }, "auto-assign: nobody available");
  for (const c of conversations) {
    const [pick] = await db().$queryRaw<{ userId: string }[]>`
      UPDATE "Membership" SET "lastAutoAssignedAt" = now()
      WHERE "id" = (
        SELECT "id" FROM "Membership"
        WHERE "accountId" = ${accountId} AND "userId" = ANY(${online}) AND "availability" = 'online'::"Availability"
          -- Only a member who works in the conversation's inbox (lib/team/inbox-access.ts).
          AND ("role" = 'admin'::"Role" OR "allInboxes" OR EXISTS (
            SELECT 1 FROM "InboxAccess" a WHERE a."membershipId" = "Membership"."id" AND a."integrationId" = ${c.integrationId}))
        ORDER BY "lastAutoAssignedAt" ASC NULLS FIRST, "id" ASC
        LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING "userId"`;
    if (!pick) return log().info({ accountId, conversationId: c.id }, "auto-assign: nobody available");
    await assignConversation({ accountId, conversationId: c.id, assigneeId: pick.userId, by: { auto: true } });
  }
}
