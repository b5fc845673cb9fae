import { writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { systemDb } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed-demo";
import { openTestDatabase } from "../support/test-db";
import { ACME } from "../support/world";

/**
 * Every list query is served by an index. With 10,000 conversations (and
 * 30,000 messages) in one account and more in another, the plans below must not
 * scan the big tables; they are written to docs/query-plans.md.
 */
const CONVERSATIONS = 10_000;

const queries: { name: string; sql: string; table: string }[] = [
  {
    name: "Conversation list, first page (newest activity first)",
    table: "Conversation",
    sql: `SELECT * FROM "Conversation" WHERE "accountId" = 'demo-acme' ORDER BY "lastMessageAt" DESC, "id" DESC LIMIT 51`,
  },
  {
    name: "Conversation list, a later page (keyset cursor)",
    table: "Conversation",
    sql: `SELECT * FROM "Conversation" WHERE "accountId" = 'demo-acme' AND ("lastMessageAt" < now() - interval '1 hour' OR ("lastMessageAt" = now() - interval '1 hour' AND "id" < 'zzz')) ORDER BY "lastMessageAt" DESC, "id" DESC LIMIT 51`,
  },
  {
    name: "Conversation list filtered by status (the default Open view)",
    table: "Conversation",
    sql: `SELECT * FROM "Conversation" WHERE "accountId" = 'demo-acme' AND "status" = 'open' ORDER BY "lastMessageAt" DESC, "id" DESC LIMIT 51`,
  },
  {
    name: "Messages of one conversation, newest first",
    table: "Message",
    sql: `SELECT * FROM "Message" WHERE "conversationId" = (SELECT "id" FROM "Conversation" WHERE "accountId" = 'demo-acme' LIMIT 1) AND "accountId" = 'demo-acme' ORDER BY "createdAt" DESC, "id" DESC LIMIT 51`,
  },
  {
    name: "Search by message text, accents and case ignored (trigram index on inbox_fold)",
    table: "Message",
    sql: `SELECT "conversationId" FROM "Message" WHERE "accountId" = 'demo-acme' AND inbox_fold("text") LIKE inbox_fold('%don hang%')`,
  },
  {
    name: "Search by contact name, the team's or the platform's (trigram index on inbox_fold)",
    table: "Contact",
    sql: `SELECT "id" FROM "Contact" WHERE "accountId" = 'demo-acme' AND inbox_fold(coalesce("displayName", '') || ' ' || "name") LIKE inbox_fold('%nguyen thi%')`,
  },
  {
    name: "Conversation list filtered by a label (as Prisma writes labels: { some }), a later page",
    table: "Conversation",
    sql: `SELECT * FROM "Conversation" WHERE "accountId" = 'demo-acme' AND "id" IN (SELECT "conversationId" FROM "ConversationLabel" WHERE "labelId" = 'plan-label' AND "accountId" = 'demo-acme') AND ("lastMessageAt" < now() - interval '1 hour' OR ("lastMessageAt" = now() - interval '1 hour' AND "id" < 'zzz')) ORDER BY "lastMessageAt" DESC, "id" DESC LIMIT 51`,
  },
  {
    name: "Snooze sweep: due snoozed conversations",
    table: "Conversation",
    sql: `SELECT "id" FROM "Conversation" WHERE "status" = 'snoozed' AND "snoozedUntil" <= now() ORDER BY "snoozedUntil" ASC LIMIT 100`,
  },
  {
    name: "Webhook idempotency: the message insert's conflict target",
    table: "Message",
    sql: `SELECT 1 FROM "Message" WHERE "integrationId" = (SELECT "id" FROM "Integration" LIMIT 1) AND "externalId" = 'm_x'`,
  },
];

describe.skipIf(!inject("postgresAvailable"))("query plans on PostgreSQL", () => {
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ close } = await openTestDatabase("postgres"));
    await seedDemo();
    const integration = await systemDb().integration.findFirstOrThrow({ where: { accountId: ACME.id, channel: "facebook" } });
    const now = Date.now();
    for (let start = 0; start < CONVERSATIONS; start += 1000) {
      const contacts = Array.from({ length: 1000 }, (_, i) => ({ id: randomUUID(), accountId: ACME.id, integrationId: integration.id, externalId: `plan-${start + i}`, name: `Contact ${start + i}` }));
      await systemDb().contact.createMany({ data: contacts });
      const conversations = contacts.map((c, i) => ({ id: randomUUID(), accountId: ACME.id, integrationId: integration.id, contactId: c.id, lastMessageAt: new Date(now - (start + i) * 60_000), lastMessagePreview: "hello", status: i % 3 ? ("open" as const) : ("resolved" as const) }));
      await systemDb().conversation.createMany({ data: conversations });
      await systemDb().message.createMany({
        data: conversations.flatMap((c, i) => [0, 1, 2].map((k) => ({ accountId: ACME.id, integrationId: integration.id, conversationId: c.id, direction: "inbound" as const, status: "received" as const, text: "hello", externalId: `plan-${start + i}-${k}`, createdAt: new Date(now - (start + i) * 60_000 + k) }))),
      });
    }
    // One conversation in ten carries a label (the label filter's plan).
    await systemDb().label.create({ data: { id: "plan-label", accountId: ACME.id, name: "Plan", color: "blue" } });
    const labelled = await systemDb().conversation.findMany({ where: { accountId: ACME.id, contact: { externalId: { startsWith: "plan-" } } }, select: { id: true } });
    await systemDb().conversationLabel.createMany({ data: labelled.filter((_, i) => i % 10 === 0).map((c) => ({ conversationId: c.id, labelId: "plan-label", accountId: ACME.id })) });
    await systemDb().$executeRawUnsafe("ANALYZE");
  }, 180_000);
  afterAll(() => close());

  test("list and lookup queries use indexes, not scans of the big tables", async () => {
    const sections: string[] = [`# Query plans\n\nPostgreSQL ${(await systemDb().$queryRawUnsafe<{ server_version: string }[]>("SHOW server_version"))[0]!.server_version}, ${CONVERSATIONS.toLocaleString("en")} conversations and ${(CONVERSATIONS * 3).toLocaleString("en")} messages in one account. Regenerated by \`npx vitest run test/integration/query-plans.test.ts\`.\n`];
    for (const q of queries) {
      const rows = await systemDb().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${q.sql}`);
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      sections.push(`## ${q.name}\n\n\`\`\`sql\n${q.sql}\n\`\`\`\n\n\`\`\`\n${plan}\n\`\`\`\n`);
      expect(plan, q.name).not.toMatch(new RegExp(`Seq Scan on "${q.table}"`));
      expect(plan, q.name).toMatch(/Index/);
    }
    await mkdir(path.resolve(import.meta.dirname, "../../docs"), { recursive: true });
    await writeFile(path.resolve(import.meta.dirname, "../../docs/query-plans.md"), sections.join("\n"));
  }, 60_000);
});
