import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db, systemDb, type PrismaClient } from "@/lib/db";
import { getProcessState } from "@/lib/process-state";
import { PrismaClient as Client } from "@/lib/generated/prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { tenantScoped } from "@/lib/tenancy/tenant-adapter";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { listConversations } from "@/lib/inbox/list-conversations";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { databaseKinds } from "../support/test-db";
import { ACME, GLOBEX, useWorld } from "../support/world";

/** Every table that holds an account's rows, keyed by its "accountId" (Account, User, Attachment are checked apart). */
const TENANT_TABLES = [
  "Membership",
  "InboxAccess",
  "AuthSession",
  "Integration",
  "OAuthAttempt",
  "Contact",
  "Conversation",
  "Message",
  "StoredFile",
  "IntegrationEvent",
  "Invite",
  "PasswordReset",
  "AuditEvent",
  "CannedReply",
  "Label",
  "ConversationRead",
  "ConversationLabel",
  "Mention",
] as const;

const later = () => new Date(Date.now() + 3_600_000);

/** One row of every tenant table for an account (the demo seed and sign-in made the rest). */
async function seedEveryTable(accountId: string): Promise<void> {
  const s = systemDb();
  const member = await s.membership.findFirstOrThrow({ where: { accountId }, orderBy: { createdAt: "asc" } });
  const integration = await s.integration.findFirstOrThrow({ where: { accountId } });
  const conversation = await s.conversation.findFirstOrThrow({ where: { accountId } });
  const message = await s.message.findFirstOrThrow({ where: { accountId } });
  const tag = randomUUID();
  await s.inboxAccess.create({ data: { membershipId: member.id, accountId, integrationId: integration.id } });
  await s.oAuthAttempt.create({ data: { stateHash: tag, accountId, userId: member.userId, sessionId: tag, channel: "zalo", codeVerifier: "x", expiresAt: later() } });
  await s.storedFile.create({ data: { accountId, source: "upload", name: "a.txt", mime: "text/plain", size: 1, sha256: tag } });
  await s.integrationEvent.create({ data: { accountId, integrationId: integration.id, kind: "test", detail: {}, dedupeKey: tag, occurredAt: new Date() } });
  await s.invite.create({ data: { accountId, tokenHash: `i-${tag}`, createdById: member.userId, expiresAt: later() } });
  await s.passwordReset.create({ data: { accountId, userId: member.userId, tokenHash: `r-${tag}`, createdById: member.userId, expiresAt: later() } });
  await s.auditEvent.create({ data: { accountId, action: "test", target: tag } });
  await s.cannedReply.create({ data: { accountId, shortcut: `t${tag.slice(0, 8)}`, text: "hello" } });
  const label = await s.label.create({ data: { accountId, name: `l-${tag}`, color: "blue" } });
  await s.conversationLabel.create({ data: { conversationId: conversation.id, labelId: label.id, accountId } });
  await s.conversationRead.create({ data: { conversationId: conversation.id, userId: member.userId, accountId, readCount: 1 } });
  await s.attachment.create({ data: { messageId: message.id, type: "link", url: "https://example.com/" } });
  await s.mention.create({ data: { accountId, userId: member.userId, authorId: member.userId, conversationId: message.conversationId, messageId: message.id } });
}

const accountIdsOf = (rows: { accountId: string }[]) => [...new Set(rows.map((r) => r.accountId))];
const sqlState = (err: unknown) => JSON.stringify(err, Object.getOwnPropertyNames(err ?? {}));

/** The where of every model query with its account filter removed, at any depth: a service that forgot it. */
function forgetful(client: PrismaClient): PrismaClient {
  // A compound unique key (userId_accountId) must stay whole: Prisma refuses one without its parts.
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (!v || typeof v !== "object" || v instanceof Date) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "accountId").map(([k, x]) => [k, k.includes("_") ? x : strip(x)]));
  };
  return client.$extends({
    query: {
      $allModels: {
        $allOperations({ args, query }) {
          const a = args as { where?: unknown };
          return query((a.where ? { ...a, where: strip(a.where) } : a) as never);
        },
      },
    },
  }) as unknown as PrismaClient;
}

/** Runs fn with db() answering through `client`, as every service would (the slot lib/db.ts reads). */
async function withAppClient<T>(client: PrismaClient, fn: () => Promise<T>): Promise<T> {
  const opened = getProcessState("db")!;
  const original = opened.prisma;
  opened.prisma = client;
  try {
    return await fn();
  } finally {
    opened.prisma = original;
  }
}

for (const kind of databaseKinds()) {
  describe(`row-level security (${kind})`, () => {
    const w = useWorld(kind);
    beforeAll(async () => {
      await seedEveryTable(ACME.id);
      await seedEveryTable(GLOBEX.id);
    });

    it("every table with an accountId column, and Account, User and Attachment, has row-level security enabled and forced", async () => {
      const rows = await systemDb().$queryRaw<{ table: string; enabled: boolean; forced: boolean; keyed: boolean }[]>`
        SELECT c.relname::text AS "table", c.relrowsecurity AS "enabled", c.relforcerowsecurity AS "forced",
          EXISTS (SELECT 1 FROM information_schema.columns k WHERE k.table_schema = current_schema() AND k.table_name = c.relname AND k.column_name = 'accountId') AS "keyed"
        FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`;
      const keyed = rows.filter((r) => r.keyed).map((r) => r.table).sort();
      // A new tenant table must be added here (and get its policy): the list and the schema agree.
      expect(keyed).toEqual([...TENANT_TABLES].sort());
      for (const r of rows) expect({ table: r.table, enabled: r.enabled, forced: r.forced }).toEqual({ table: r.table, enabled: true, forced: true });
    });

    it("the app's statements run as inbox_app, which is no superuser, owns nothing and cannot bypass the policies", async () => {
      const [who] = await asAccount(ACME.id, () =>
        db().$queryRaw<{ user: string; superuser: boolean; bypass: boolean; owns: number; account: string }[]>`
          SELECT current_user::text AS "user", r.rolsuper AS "superuser", r.rolbypassrls AS "bypass",
            (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS "owns", current_setting('app.account_id') AS "account"
          FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(who).toEqual({ user: "inbox_app", superuser: false, bypass: false, owns: 0, account: ACME.id });
    });

    for (const table of TENANT_TABLES) {
      it(`${table}: a query with no where at all returns only the account's rows; another account's rows cannot be written`, async () => {
        const all = await systemDb().$queryRawUnsafe<{ accountId: string }[]>(`SELECT "accountId" FROM "${table}"`);
        // Both accounts have rows, so seeing one alone is the policy's doing.
        expect(accountIdsOf(all).sort()).toEqual([ACME.id, GLOBEX.id].sort());
        const seen = await asAccount(ACME.id, () => db().$queryRawUnsafe<{ accountId: string }[]>(`SELECT "accountId" FROM "${table}"`));
        expect(accountIdsOf(seen)).toEqual([ACME.id]);
        expect(seen.length).toBe(all.filter((r) => r.accountId === ACME.id).length);
        // Globex's rows are not there to update or delete…
        const touched = await asAccount(ACME.id, () => db().$executeRawUnsafe(`UPDATE "${table}" SET "accountId" = "accountId" WHERE "accountId" = $1`, GLOBEX.id));
        expect(touched).toBe(0);
        const deleted = await asAccount(ACME.id, () => db().$executeRawUnsafe(`DELETE FROM "${table}" WHERE "accountId" = $1`, GLOBEX.id));
        expect(deleted).toBe(0);
        // …and Acme's cannot be made Globex's (WITH CHECK): refused, nothing changed.
        const moved = await asAccount(ACME.id, () => db().$executeRawUnsafe(`UPDATE "${table}" SET "accountId" = $1`, GLOBEX.id)).catch((e: unknown) => e);
        expect(sqlState(moved)).toMatch(/row-level security|42501/);
        const after = await systemDb().$queryRawUnsafe<{ accountId: string }[]>(`SELECT "accountId" FROM "${table}"`);
        expect(after.filter((r) => r.accountId === GLOBEX.id).length).toBe(all.filter((r) => r.accountId === GLOBEX.id).length);
      });
    }

    it("with no account set, no tenant row, account, user or attachment is visible, and nothing can be written", async () => {
      for (const table of [...TENANT_TABLES, "Account", "User", "Attachment"]) {
        const [row] = await db().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`);
        expect({ table, n: row!.n }).toEqual({ table, n: 0 });
      }
      const written = await db().cannedReply.create({ data: { accountId: ACME.id, shortcut: "nobody", text: "x" } }).catch((e: unknown) => e);
      expect(sqlState(written)).toMatch(/row-level security|42501/);
      expect(await systemDb().cannedReply.count({ where: { shortcut: "nobody" } })).toBe(0);
    });

    it("an insert naming another account is refused, through Prisma as the services write", async () => {
      const contact = await systemDb().contact.findFirstOrThrow({ where: { accountId: GLOBEX.id } });
      const tries: (() => Promise<unknown>)[] = [
        () => db().cannedReply.create({ data: { accountId: GLOBEX.id, shortcut: "smuggled", text: "x" } }),
        () => db().auditEvent.create({ data: { accountId: GLOBEX.id, action: "smuggled", target: "x" } }),
        () => db().contact.update({ where: { id: contact.id }, data: { name: "Smuggled" } }),
      ];
      for (const attempt of tries) {
        const err = await asAccount(ACME.id, attempt).catch((e: unknown) => e);
        // An update of an invisible row is "not found"; an insert is a policy violation.
        expect(sqlState(err)).toMatch(/row-level security|42501|P2025|not found/i);
      }
      expect(await systemDb().cannedReply.count({ where: { shortcut: "smuggled" } })).toBe(0);
      expect(await systemDb().auditEvent.count({ where: { action: "smuggled" } })).toBe(0);
      expect((await systemDb().contact.findUniqueOrThrow({ where: { id: contact.id } })).name).toBe(contact.name);
    });

    it("Account, User and Attachment: only this account's, its members and its messages' attachments", async () => {
      const [accounts, users, attachments] = await asAccount(ACME.id, () =>
        Promise.all([
          db().account.findMany({ select: { id: true } }),
          db().user.findMany({ select: { email: true } }),
          db().attachment.findMany({ select: { message: { select: { accountId: true } } } }),
        ]),
      );
      expect(accounts.map((a) => a.id)).toEqual([ACME.id]);
      expect(users.map((u) => u.email).sort()).toEqual(ACME.agents.map((a) => a.email).sort());
      expect(attachments.length).toBeGreaterThan(0);
      expect(new Set(attachments.map((a) => a.message.accountId))).toEqual(new Set([ACME.id]));
      // A new account or user is the owner's business (sign-up, invites), never the app role's.
      const account = await asAccount(ACME.id, () => db().account.create({ data: { name: "Rogue" } })).catch((e: unknown) => e);
      expect(sqlState(account)).toMatch(/row-level security|42501/);
      const bob = await systemDb().user.findUniqueOrThrow({ where: { email: "bob@globex.test" } });
      const renamed = await asAccount(ACME.id, () => db().user.updateMany({ where: { id: bob.id }, data: { name: "Renamed" } }));
      expect(renamed.count).toBe(0);
      const foreignMessage = await systemDb().message.findFirstOrThrow({ where: { accountId: GLOBEX.id } });
      const attached = await asAccount(ACME.id, () => db().attachment.create({ data: { messageId: foreignMessage.id, type: "link", url: "https://example.com/x" } })).catch((e: unknown) => e);
      expect(sqlState(attached)).toMatch(/row-level security|42501/);
    });

    it("a service that forgets its account filter still gets only the caller's rows", async () => {
      const leaky = forgetful(db());
      const alice = { accountId: ACME.id, userId: w.alice.userId, status: "all" as const, limit: 100 };
      // The stripping is real: without row-level security (the owner's client) the same service sees Globex too.
      const accountOf = new Map((await systemDb().conversation.findMany({ select: { id: true, accountId: true } })).map((c) => [c.id, c.accountId]));
      const accountsIn = (r: Awaited<ReturnType<typeof listConversations>>) => new Set(r.conversations.map((c) => accountOf.get(c.id)));
      const unguarded = await withAppClient(forgetful(systemDb()), () => listConversations(alice));
      expect(accountsIn(unguarded)).toEqual(new Set([ACME.id, GLOBEX.id]));
      const guarded = await asAccount(ACME.id, () => withAppClient(leaky, () => listConversations(alice)));
      expect(guarded.conversations.length).toBeGreaterThan(0);
      expect(accountsIn(guarded)).toEqual(new Set([ACME.id]));
    });

    it("one delivery naming pages of two accounts stores each entry as its own page's account", async () => {
      // Meta batches entries of several pages subscribed to one app into one POST.
      const acme = JSON.parse(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7300000000000001", text: "for acme" }, FB_SECRET).body) as { entry: unknown[] };
      const globex = JSON.parse(buildFacebookWebhook({ to: GLOBEX.facebook.pageId, from: "7300000000000002", text: "for globex" }, FB_SECRET).body) as { entry: unknown[] };
      expect((await postFacebook(JSON.stringify({ ...acme, entry: [...acme.entry, ...globex.entry] }))).status).toBe(200);
      const stored = await systemDb().message.findMany({ where: { text: { in: ["for acme", "for globex"] } }, select: { text: true, accountId: true, conversation: { select: { contact: { select: { accountId: true } } } } } });
      expect(stored.map((m) => [m.text, m.accountId, m.conversation.contact.accountId]).sort()).toEqual([
        ["for acme", ACME.id, ACME.id],
        ["for globex", GLOBEX.id, GLOBEX.id],
      ]);
    });

    it.runIf(kind === "postgres")("with DATABASE_APP_URL's login role the app's connection cannot become the owner, even by RESET ROLE", async () => {
      await systemDb().$executeRawUnsafe(`DO $$ BEGIN CREATE ROLE inbox_app_login LOGIN IN ROLE inbox_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
      const url = new URL(w.databaseUrl!);
      url.username = "inbox_app_login";
      const app = new Client({ adapter: tenantScoped(new PrismaPg({ connectionString: url.toString(), max: 2 })) });
      try {
        const contacts = await asAccount(ACME.id, () => app.contact.findMany({ select: { accountId: true } }));
        expect(accountIdsOf(contacts)).toEqual([ACME.id]);
        const escaped = await asAccount(ACME.id, () =>
          app.$transaction(async (tx) => {
            await tx.$executeRawUnsafe("RESET ROLE");
            const [who] = await tx.$queryRaw<{ user: string }[]>`SELECT current_user::text AS "user"`;
            // Still a member of inbox_app: its policies hold without the SET ROLE.
            const seen = await tx.$queryRawUnsafe<{ accountId: string }[]>(`SELECT DISTINCT "accountId" FROM "Contact"`);
            return { who: who!.user, seen: accountIdsOf(seen) };
          }),
        );
        expect(escaped).toEqual({ who: "inbox_app_login", seen: [ACME.id] });
        const owner = await asAccount(ACME.id, () =>
          app.$transaction(async (tx) => {
            await tx.$executeRawUnsafe("RESET ROLE");
            await tx.$executeRawUnsafe("SET ROLE postgres");
          }),
        ).then(() => "became the owner", (e: unknown) => sqlState(e));
        expect(owner).toMatch(/permission denied|42501/);
      } finally {
        await app.$disconnect();
      }
    });

    it("findUnique calls of several accounts in one tick each find their own row (Prisma merges them into one query otherwise)", async () => {
      const members = await systemDb().membership.findMany({ select: { userId: true, accountId: true } });
      expect(new Set(members.map((m) => m.accountId)).size).toBeGreaterThan(1);
      const found = await Promise.all(members.map((m) => asAccount(m.accountId, () => db().membership.findUnique({ where: { userId_accountId: m }, select: { accountId: true } }))));
      expect(found.map((f) => f?.accountId)).toEqual(members.map((m) => m.accountId));
    });

    it.runIf(kind === "postgres")("idle pooled connections the server ends (a restart) are dropped, not a crash; the next queries work", async () => {
      // Fill the pool with idle connections, then have PostgreSQL end every other backend of this database.
      await Promise.all(Array.from({ length: 6 }, () => asAccount(ACME.id, () => db().contact.count())));
      await systemDb().$queryRawUnsafe(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      await new Promise((r) => setTimeout(r, 200));
      const again = async () => asAccount(ACME.id, () => db().contact.count());
      // The first query may meet a connection that died under it; then the pool has only fresh ones.
      const counts = await Promise.all(Array.from({ length: 6 }, () => again().catch(() => again())));
      expect(counts.every((n) => n > 0)).toBe(true);
    });

    it("one account's work cannot switch to another halfway", async () => {
      expect(() => asAccount(ACME.id, () => asAccount(GLOBEX.id, () => db().contact.findMany()))).toThrow(/another account/);
      expect(() => asAccount("x'; --", () => 1)).toThrow(/not an account id/);
    });
  });
}
