import { db } from "@/lib/db";
import type { SessionContext } from "@/lib/auth/resolve-session";

export type Me = { user: { id: string; name: string; email: string; role: string }; account: { id: string; name: string } };

export async function getMe(session: SessionContext): Promise<Me> {
  const [user, account] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: session.userId } }),
    db().account.findUniqueOrThrow({ where: { id: session.accountId } }),
  ]);
  return {
    user: { id: user.id, name: user.name, email: user.email, role: session.role },
    account: { id: account.id, name: account.name },
  };
}
