/** A member of the signed-in account, as /api/account/members lists them. */
export type Member = { id: string; name: string; role: "admin" | "agent"; email?: string };
