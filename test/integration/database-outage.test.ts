import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { systemDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { closeDatabase, openDatabase } from "@/lib/open-database";
import { seedDemo } from "@/lib/demo/seed-demo";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { dropDatabase, withDatabase } from "../support/test-db";
import { POSTGRES_URL } from "../support/services";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { migrateDatabase } from "../../scripts/db-migrate";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { ACME } from "../support/world";

describe.skipIf(!inject("postgresAvailable"))("PostgreSQL outage while webhooks arrive", () => {
  let proxy: TcpProxy;
  const name = `inbox_test_outage_${process.pid}`;

  beforeAll(async () => {
    const url = withDatabase(POSTGRES_URL, name);
    await migrateDatabase({ databaseUrl: url, quiet: true });
    const target = new URL(url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) || 5432 });
    target.host = `127.0.0.1:${proxy.port}`;
    process.env.FACEBOOK_GRAPH_API_URL = "http://127.0.0.1:9"; // profile lookups fail fast
    resetEnvForTests();
    await openDatabase({ databaseUrl: target.toString(), dataDir: "" });
    await seedDemo();
  });

  afterAll(async () => {
    await settleBackground();
    // Known bug (see the issue note): a transaction cut mid-way by the outage can leave a pg pool
    // client checked out, and pool.end() then waits for it forever. Teardown only; the assertions above stand.
    await Promise.race([closeDatabase(), new Promise((r) => setTimeout(r, 5000))]);
    await proxy.close();
    await dropDatabase(name);
  });

  test("each webhook gets a 5xx, health says 503, nothing is half-written; redelivery after recovery stores each once", async () => {
    const deliveries = Array.from({ length: 12 }, (_, i) =>
      buildFacebookWebhook({ to: ACME.facebook.pageId, from: `76000000000000${i % 3}`, text: `during outage ${i}`, mid: `m_outage_${i}` }, FB_SECRET),
    );
    expect((await postFacebook(deliveries[0]!.body)).status).toBe(200);
    const before = { messages: await systemDb().message.count(), contacts: await systemDb().contact.count(), conversations: await systemDb().conversation.count() };

    proxy.cut();
    const answers = await Promise.all(deliveries.slice(1).map((d) => postFacebook(d.body)));
    for (const a of answers) expect(a.status).toBeGreaterThanOrEqual(500);
    expect(answers.map((a) => a.status)).toContain(503);
    const h = await health();
    expect(h.status).toBe(503);
    expect(await h.json()).toMatchObject({ database: "down" });

    proxy.restore();
    await expectEventually(async () => (await health()).status === 200);
    // Nothing of the refused deliveries was written.
    expect(await systemDb().message.count()).toBe(before.messages);
    expect(await systemDb().contact.count()).toBe(before.contacts);
    expect(await systemDb().conversation.count()).toBe(before.conversations);

    // The platform retries everything (the first one too, as a duplicate).
    for (const d of deliveries) expect((await postFacebook(d.body)).status).toBe(200);
    const stored = await systemDb().message.findMany({ where: { externalId: { startsWith: "m_outage_" } } });
    expect(stored).toHaveLength(deliveries.length);
    expect(new Set(stored.map((m) => m.externalId)).size).toBe(deliveries.length);
    const conversations = await systemDb().conversation.findMany({ where: { contact: { externalId: { startsWith: "76000000000000" } } } });
    expect(conversations.reduce((n, c) => n + c.inboundCount, 0)).toBe(deliveries.length);
  }, 60_000);
});

async function expectEventually(check: () => Promise<boolean>, ms = 10_000) {
  const until = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error("database did not come back");
    await new Promise((r) => setTimeout(r, 100));
  }
}
