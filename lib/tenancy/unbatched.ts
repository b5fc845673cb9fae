import type { PrismaClient } from "@/lib/generated/prisma/client";

type Delegate = { findFirst: (args: unknown) => unknown; findFirstOrThrow: (args: unknown) => unknown };
type UniqueArgs = { where?: Record<string, unknown> } & Record<string, unknown>;

// A compound unique key (`userId_accountId: { userId, accountId }`) becomes its fields: findFirst takes plain filters.
function asFilter(args: UniqueArgs | undefined): UniqueArgs | undefined {
  if (!args?.where) return args;
  const where: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args.where)) {
    if (key.includes("_") && value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)) Object.assign(where, value);
    else where[key] = value;
  }
  return { ...args, where };
}

/**
 * Prisma merges the findUnique calls of one tick into one query (its dataloader), run in the
 * account context of whichever call came first: under row-level security the other accounts'
 * rows would come back null. The app's client asks findFirst instead, which Prisma never
 * merges; the same row by the same unique filter. (Inside an interactive transaction Prisma
 * batches per transaction, one account, so the transaction's client is left as it is.)
 */
export function unbatched(client: PrismaClient): PrismaClient {
  const delegates = new Map<string, Delegate>();
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      // The client's own methods run on the client itself, never on this proxy.
      if (typeof value === "function") return (value as (...a: unknown[]) => unknown).bind(target);
      if (typeof prop !== "string" || prop.startsWith("$") || !value || typeof value !== "object" || !("findFirst" in value)) return value;
      let delegate = delegates.get(prop);
      if (!delegate) {
        const model = value as Delegate;
        delegate = new Proxy(model, {
          get(d, p, r) {
            if (p === "findUnique") return (args: UniqueArgs) => d.findFirst(asFilter(args));
            if (p === "findUniqueOrThrow") return (args: UniqueArgs) => d.findFirstOrThrow(asFilter(args));
            const member: unknown = Reflect.get(d, p, r);
            return typeof member === "function" ? (member as (...a: unknown[]) => unknown).bind(d) : member;
          },
        });
        delegates.set(prop, delegate);
      }
      return delegate;
    },
  });
}
