import { db, type Tx } from "@/lib/db";
import { namesOf } from "@/lib/tenancy/member-names";

export type AuditEntry = { id: string; action: string; target: string; detail: string | null; actor: string | null; at: string };

/** One line of the account's audit list, written in the transaction that made the change (or after it, given db()). */
export async function recordAudit(tx: Pick<Tx, "auditEvent">, e: { accountId: string; actorId: string | null; action: string; target: string; detail?: string }): Promise<void> {
  await tx.auditEvent.create({ data: { accountId: e.accountId, actorId: e.actorId, action: e.action, target: e.target, detail: e.detail ?? null } });
}

/** Newest first, with the actor's name (a removed user keeps their name here). */
export async function listAudit(opts: { accountId: string; limit?: number }): Promise<AuditEntry[]> {
  const rows = await db().auditEvent.findMany({ where: { accountId: opts.accountId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: opts.limit ?? 100 });
  const actors = await namesOf(rows.map((r) => r.actorId));
  return rows.map((r) => ({ id: r.id, action: r.action, target: r.target, detail: r.detail, actor: r.actorId ? (actors.get(r.actorId) ?? "A former member") : null, at: r.createdAt.toISOString() }));
}
