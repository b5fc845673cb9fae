// Where one webhook's time goes inside Inbox, without Next.js or HTTP: the real lib functions,
// timed one by one against the bench database (run by bench/run.ts as a child, after the
// server stopped, with the server's environment). Prints one JSON line on stdout.
//   DATABASE_URL=... AUTH_SECRET=... npx tsx bench/breakdown.ts
import pg from "pg";
import { performance } from "node:perf_hooks";
import { buildFacebookWebhook } from "../lib/channels/simulate-webhook";
import { channels } from "../lib/channels/registry";
import { receiveWebhook } from "../lib/routes/receive-webhook";
import { openDatabase, closeDatabase } from "../lib/open-database";
import { findIntegration } from "../lib/integrations/find-integration";
import { recordIncoming } from "../lib/inbox/record-incoming";
import { announce } from "../lib/inbox/announce";
import { recordFast } from "../lib/inbox/fast-ingest";
import { settleBackground } from "../lib/inbox/ingest-batches";
import { percentile, round } from "./util";
import { getProcessState } from "../lib/process-state";
import { asAccount } from "../lib/tenancy/tenant-context";

const N = Number(process.env.BENCH_BREAKDOWN_N ?? 100);
const WARMUP = 20;
const PAGE = "100000000000001";

// Count database round trips: @prisma/adapter-pg goes through pg.Client#query.
let roundTrips = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  roundTrips++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

type Step = { step: string; what: string; p50: number; mean: number; cpuMean: number; roundTrips: number };

async function time(step: string, what: string, fn: (i: number) => Promise<unknown>): Promise<Step> {
  for (let i = 0; i < WARMUP; i++) await fn(-1 - i);
  const wall: number[] = [];
  let trips = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const r0 = roundTrips;
    const t0 = performance.now();
    await fn(i);
    wall.push(performance.now() - t0);
    trips += roundTrips - r0;
  }
  const cpu = process.cpuUsage(cpu0);
  const sum = wall.reduce((a, b) => a + b, 0);
  return { step, what, p50: round(percentile(wall, 0.5), 2), mean: round(sum / N, 2), cpuMean: round((cpu.user + cpu.system) / 1000 / N, 2), roundTrips: round(trips / N, 1) };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  const database = await openDatabase({ databaseUrl: url, dataDir: ".data" });
  // The app's client (row-level security: each statement in a transaction as inbox_app with the
  // account set) and the owner's, which skips both: the difference is what tenancy costs.
  const prisma = database.prisma;
  const owner = database.system;
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  const run = Date.now().toString(36);
  const steps: Step[] = [];
  try {
    const integration = await findIntegration("facebook", PAGE);
    if (!integration) throw new Error("Acme page not found: was the database seeded?");
    await asAccount(integration.accountId, async () => {
    const senders = Array.from({ length: 20 }, (_, i) => `72${String(i).padStart(8, "0")}`);
    // Make the contacts exist, as in the steady state measured by the HTTP benchmark.
    for (const s of senders) {
      await recordIncoming({ integration, events: [{ kind: "message", contactExternalId: s, externalId: `bd-${run}-init-${s}`, direction: "inbound", text: "hi", attachments: [], timestamp: new Date() }], fallbackName: channels.facebook.adapter.fallbackName });
    }
    await settleBackground();

    steps.push(await time("db", "SELECT 1 with pg directly (one round trip)", () => raw.query("SELECT 1")));
    steps.push(await time("db", "SELECT 1 through Prisma ($queryRaw) as the owner: no row-level security", () => owner.$queryRaw`SELECT 1`));
    steps.push(await time("db", "SELECT 1 through Prisma, the app's client (RLS: own transaction, role + account set)", () => prisma.$queryRaw`SELECT 1`));
    steps.push(
      await time("db", 'Integration by (channel, externalId) with pg directly', () =>
        raw.query(`SELECT * FROM "Integration" WHERE "channel" = 'facebook' AND "externalId" = $1 LIMIT 1`, [PAGE]),
      ),
    );
    steps.push(
      await time("db", "the same through Prisma (integration.findUnique) as the owner", () =>
        owner.integration.findUnique({ where: { channel_externalId: { channel: "facebook", externalId: PAGE } } }),
      ),
    );
    steps.push(
      await time("db", "the same through Prisma, the app's client (RLS)", () =>
        prisma.integration.findUnique({ where: { channel_externalId: { channel: "facebook", externalId: PAGE } } }),
      ),
    );
    steps.push(await time("ingest", "findIntegration (as called per webhook; cached or findUnique + decrypt)", () => findIntegration("facebook", PAGE)));
    let k = 0;
    const event = (tag: string, i: number) => ({
      kind: "message" as const,
      contactExternalId: senders[Math.abs(i) % senders.length]!,
      externalId: `bd-${run}-${tag}-${i}-${k++}`,
      direction: "inbound" as const,
      text: `breakdown ${tag} ${i}`,
      attachments: [],
      timestamp: new Date(),
    });
    const recorded: Awaited<ReturnType<typeof recordIncoming>>[] = [];
    steps.push(
      await time("ingest", "recordIncoming (1 message, known contact: one transaction)", async (i) => {
        const r = await recordIncoming({ integration, events: [event("rec", i)], fallbackName: channels.facebook.adapter.fallbackName });
        if (i >= 0) recorded.push(r);
      }),
    );
    // The same transaction with the owner's client in the slot db() reads: what it cost before row-level security.
    const slot = getProcessState("db")!;
    slot.prisma = owner;
    steps.push(
      await time("ingest", "recordIncoming as the owner (no row-level security, for comparison)", (i) =>
        recordIncoming({ integration, events: [event("own", i)], fallbackName: channels.facebook.adapter.fallbackName }),
      ),
    );
    slot.prisma = prisma;
    let j = 0;
    steps.push(
      await time("ingest", "announce (load message + conversation for the events)", async (i) => {
        const r = i >= 0 ? recorded[j++ % recorded.length]! : recorded[0]!;
        await announce({ accountId: integration.accountId, integrationId: integration.id, seq: r.seq, changes: r });
      }),
    );
    // Issue 14: what a webhook does now — one group-committed statement (inbox_ingest) that sets the
    // account itself (issue 13: no extra round trip for tenancy) and returns the events' rows.
    steps.push(
      await time("ingest", "recordFast (the fast path: one statement, account set inside it, events from its answer)", (i) =>
        recordFast({ integration, events: [event("fast", i)], fallbackName: channels.facebook.adapter.fallbackName }),
      ),
    );
    steps.push(
      await time("ingest", "receiveFacebookWebhook (signature, zod, the fast path)", (i) => {
        const signed = buildFacebookWebhook({ to: PAGE, from: senders[Math.abs(i) % senders.length]!, text: `full ${i}`, mid: `bd-${run}-full-${i}-${k++}` }, process.env.FACEBOOK_APP_SECRET ?? "demo-app-secret");
        return receiveWebhook("facebook")(Buffer.from(signed.body), signed.headers["x-hub-signature-256"] ?? null);
      }),
    );
    // The same work as recordIncoming + announce, with the statements Prisma sends, but issued with pg directly.
    const ids = await raw.query<{ id: string }>(`SELECT "id" FROM "Contact" WHERE "integrationId" = $1 AND "externalId" = $2`, [integration.id, senders[0]]);
    const contactId = ids.rows[0]?.id;
    steps.push(
      await time("sql", "same statements as recordIncoming + announce, pg directly", async (i) => {
        const mid = `bd-${run}-rawseq-${i}-${k++}`;
        await raw.query("BEGIN");
        await raw.query(
          `INSERT INTO "Contact" ("id","accountId","integrationId","externalId","name") VALUES (gen_random_uuid()::text,$1,$2,$3,'x') ON CONFLICT DO NOTHING RETURNING "id"`,
          [integration.accountId, integration.id, senders[0]],
        );
        await raw.query(`SELECT "id" FROM "Contact" WHERE "integrationId" = $1 AND "externalId" = $2`, [integration.id, senders[0]]);
        await raw.query(
          `INSERT INTO "Conversation" ("id","accountId","integrationId","contactId","lastMessageAt") VALUES (gen_random_uuid()::text,$1,$2,$3,to_timestamp(0)) ON CONFLICT DO NOTHING`,
          [integration.accountId, integration.id, contactId],
        );
        const cv = await raw.query<{ id: string }>(`SELECT "id" FROM "Conversation" WHERE "contactId" = $1`, [contactId]);
        const conversationId = cv.rows[0]!.id;
        const m = await raw.query<{ id: string }>(
          `INSERT INTO "Message" ("id","accountId","conversationId","integrationId","direction","text","status","externalId","createdAt")
           VALUES (gen_random_uuid()::text,$1,$2,$3,'inbound','t','received',$4,now()) ON CONFLICT DO NOTHING RETURNING "id"`,
          [integration.accountId, conversationId, integration.id, mid],
        );
        await raw.query(
          `UPDATE "Conversation" SET "inboundCount" = "inboundCount" + 1, "status" = 'open', "lastMessagePreview" = 't', "lastMessageAt" = GREATEST("lastMessageAt", now()) WHERE "id" = $1`,
          [conversationId],
        );
        await raw.query("COMMIT");
        await raw.query(`SELECT * FROM "Message" WHERE "id" = ANY($1)`, [[m.rows[0]!.id]]);
        await raw.query(`SELECT * FROM "Attachment" WHERE "messageId" = ANY($1)`, [[m.rows[0]!.id]]);
        await raw.query(
          `SELECT c.*, ct.*, i."channel", i."name", i."needsReauth" FROM "Conversation" c JOIN "Contact" ct ON ct."id" = c."contactId" JOIN "Integration" i ON i."id" = c."integrationId" WHERE c."id" = $1`,
          [conversationId],
        );
      }),
    );
    // A sketch of the suggested shape: one statement stores the message, bumps the conversation
    // and returns everything the two events need (no interactive transaction, no re-reads).
    steps.push(
      await time("sql", "one statement: insert message + bump + return both DTO rows", (i) =>
        raw.query(
          `WITH m AS (
             INSERT INTO "Message" ("id","accountId","conversationId","integrationId","direction","text","status","externalId","createdAt")
             SELECT gen_random_uuid()::text, $1, cv."id", $2, 'inbound', $3, 'received', $4, now()
             FROM "Conversation" cv WHERE cv."contactId" = $5
             ON CONFLICT DO NOTHING RETURNING *
           ), b AS (
             UPDATE "Conversation" c SET "inboundCount" = c."inboundCount" + 1, "status" = 'open',
               "lastMessagePreview" = CASE WHEN m."createdAt" >= c."lastMessageAt" THEN m."text" ELSE c."lastMessagePreview" END,
               "lastMessageAt" = GREATEST(c."lastMessageAt", m."createdAt")
             FROM m WHERE c."id" = m."conversationId" RETURNING c.*
           )
           SELECT row_to_json(m.*) AS message, row_to_json(b.*) AS conversation, row_to_json(ct.*) AS contact,
                  i."channel", i."name", i."needsReauth"
           FROM m JOIN b ON b."id" = m."conversationId" JOIN "Contact" ct ON ct."id" = b."contactId" JOIN "Integration" i ON i."id" = b."integrationId"`,
          [integration.accountId, integration.id, `one ${i}`, `bd-${run}-one-${i}-${k++}`, contactId],
        ),
      ),
    );
    await settleBackground();
    });
  } finally {
    await raw.end();
    await closeDatabase();
  }
  console.log(JSON.stringify({ n: N, steps }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
