import { db, systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { SessionContext } from "@/lib/auth/resolve-session";

import type { Me } from "@/lib/shared/me";

export type { Me, MyAccount } from "@/lib/shared/me";

export async function getMe(session: SessionContext): Promise<Me> {
  const [user, account, memberships] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: session.userId } }),
    db().account.findUniqueOrThrow({ where: { id: session.accountId } }),
    // The account switcher lists this user's other accounts (names and roles only): the owner's client, by this user.
    systemDb().membership.findMany({
      where: { userId: session.userId },
      include: { account: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  return {
    user: { id: user.id, name: user.name, email: user.email, role: session.role },
    account: { id: account.id, name: account.name },
    accounts: memberships.map((m) => ({ id: m.account.id, name: m.account.name, role: m.role })),
    demoPlatform: !!env().demoPlatformUrl,
  };
}
