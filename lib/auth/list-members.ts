import { db } from "@/lib/db";
import type { Member } from "@/lib/shared/member";

/** Members of one account, by name; emails only for an admin's eyes. */
export async function listMembers(opts: { accountId: string; withEmails: boolean }): Promise<Member[]> {
  const rows = await db().membership.findMany({
    where: { accountId: opts.accountId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ user: { name: "asc" } }, { id: "asc" }],
  });
  return rows.map((m) => ({ id: m.user.id, name: m.user.name, role: m.role, availability: m.availability, ...(opts.withEmails ? { email: m.user.email } : {}) }));
}
