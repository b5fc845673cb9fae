import { z } from "zod";
import { systemDb } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";

export const memberInput = z.object({
  accountId: z.string().min(1),
  email: z.string().trim().toLowerCase().email(),
  name: z.string().min(1).max(200),
  password: z.string().min(10, "must be at least 10 characters"),
  role: z.enum(["admin", "agent"]),
});

export async function createAccount(name: string): Promise<{ id: string; name: string }> {
  return systemDb().account.create({ data: { name: z.string().min(1).max(200).parse(name) } });
}

// Admin tooling (the CLI, the demo, tests): accounts and users are created with the owner's client.

/** Adds a user to an account (creating the user if new); an existing user keeps their password. */
export async function addMember(input: z.infer<typeof memberInput>) {
  const m = memberInput.parse(input);
  const user = await systemDb().user.upsert({
    where: { email: m.email },
    create: { email: m.email, name: m.name, passwordHash: await hashPassword(m.password) },
    update: {},
  });
  await systemDb().membership.upsert({
    where: { userId_accountId: { userId: user.id, accountId: m.accountId } },
    create: { userId: user.id, accountId: m.accountId, role: m.role },
    update: { role: m.role },
  });
  return user;
}
