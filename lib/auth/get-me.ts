import { db } from "@/lib/db";
import type { SessionContext } from "@/lib/auth/resolve-session";

export type MyAccount = { id: string; name: string; role: "admin" | "agent" };

export type Me = {
  user: { id: string; name: string; email: string; role: string };
  account: { id: string; name: string };
  /** Every account the user belongs to, oldest membership first (sign-in lands in the first). */
  accounts: MyAccount[];
};

export async function getMe(session: SessionContext): Promise<Me> {
  const [user, account, memberships] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: session.userId } }),
    db().account.findUniqueOrThrow({ where: { id: session.accountId } }),
    db().membership.findMany({
      where: { userId: session.userId },
      include: { account: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  return {
    user: { id: user.id, name: user.name, email: user.email, role: session.role },
    account: { id: account.id, name: account.name },
    accounts: memberships.map((m) => ({ id: m.account.id, name: m.account.name, role: m.role })),
  };
}
