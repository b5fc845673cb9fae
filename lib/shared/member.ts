/** A member of the signed-in account, as /api/account/members lists them. */
/** `availability`: the member's own say ("away": no conversations given automatically). */
export type Member = { id: string; name: string; role: "admin" | "agent"; availability: "online" | "away"; email?: string };
