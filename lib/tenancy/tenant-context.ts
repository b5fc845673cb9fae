import { AsyncLocalStorage } from "node:async_hooks";
import { ensureProcessState } from "@/lib/process-state";

declare module "@/lib/process-state" {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- an interface, so that owners can add slots
  interface ProcessState {
    /** The account the work in progress belongs to (lib/tenancy/tenant-context.ts); the database adapter reads it. */
    tenant: AsyncLocalStorage<{ accountId: string }>;
  }
}

// One store for server.ts and Next's bundles: the adapter (opened by server.ts) reads what a route set.
const store = () => ensureProcessState("tenant", () => new AsyncLocalStorage<{ accountId: string }>());

/** Only ids we create (cuid-like): the value is compared by the database, never spliced into SQL, but a stray one is a bug. */
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Runs fn as work of one account: every query db() makes inside it — however deep, and in what
 * it starts without awaiting — is limited by the database's row-level security to that account.
 * Nesting another account inside is a bug, refused: an account is decided once, at the edge
 * (a session, a verified webhook's integration, a job's row), never switched halfway.
 */
export function asAccount<T>(accountId: string, fn: () => T): T {
  if (!ACCOUNT_ID.test(accountId)) throw new Error("asAccount: not an account id");
  const current = store().getStore();
  if (current && current.accountId !== accountId) throw new Error("asAccount: already working for another account");
  return current ? fn() : store().run({ accountId }, () => started(fn()));
}

// Prisma's promises are lazy: they run when first awaited. `asAccount(id, () => db().x.findMany())`
// would otherwise run the query where it is awaited, outside the account. Started here, inside.
function started<T>(out: T): T {
  if (!out || typeof (out as { then?: unknown }).then !== "function") return out;
  const lazy = out as unknown as PromiseLike<unknown>;
  return new Promise((resolve, reject) => {
    lazy.then(resolve, reject);
  }) as T;
}

/** The account of the work in progress; undefined outside asAccount (the database then shows no tenant row). */
export function currentAccountId(): string | undefined {
  return store().getStore()?.accountId;
}

/** Leaves the account's context for work that names its accounts itself (a job started from a request). */
export function outsideAccount<T>(fn: () => T): T {
  return store().exit(fn);
}
