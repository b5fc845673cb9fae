import { systemDb } from "@/lib/db";

/**
 * The names of the users this account's own rows name (audit actors, mention authors), still
 * members or not: an account reads only its current members' user rows, but history keeps the
 * name of whoever left. Callers pass ids taken from rows of the account; only names come back.
 */
export async function namesOf(userIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const rows = await systemDb().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((u) => [u.id, u.name]));
}
