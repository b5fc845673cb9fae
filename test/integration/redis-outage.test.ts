import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { systemDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { seedDemo } from "@/lib/demo/seed-demo";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { createRedisAdapter } from "@/lib/realtime/redis-adapter";
import { setIo } from "@/lib/realtime/io";
import { openTestDatabase } from "../support/test-db";
import { client, connected, eventually, startRealtime, TEST_ORIGIN, type TestClient } from "../support/realtime-harness";
import { signIn } from "../support/sessions";
import { REDIS_URL } from "../support/services";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { FB_SECRET, postFacebook } from "../support/webhooks";
import { ACME } from "../support/world";

const texts = (c: TestClient) => c.events.filter((e) => e.event === "new-message").map((e) => (e.payload as { message: { text: string } }).message.text);

describe.skipIf(!inject("postgresAvailable") || !inject("redisAvailable"))("Redis outage with two nodes", () => {
  let proxy: TcpProxy;
  const cleanups: (() => Promise<void> | void)[] = [];
  let onNode2: TestClient;
  let node1Io: Parameters<typeof setIo>[0];

  beforeAll(async () => {
    const database = await openTestDatabase("postgres");
    cleanups.push(() => database.close());
    process.env.FACEBOOK_GRAPH_API_URL = "http://127.0.0.1:9";
    resetEnvForTests();
    await seedDemo();
    const target = new URL(REDIS_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) || 6379 });
    const viaProxy = `redis://127.0.0.1:${proxy.port}`;
    const r1 = await createRedisAdapter(viaProxy);
    const r2 = await createRedisAdapter(viaProxy);
    const n1 = await startRealtime(r1.adapter);
    const n2 = await startRealtime(r2.adapter);
    node1Io = n1.io;
    cleanups.push(() => r2.close(), () => r1.close(), () => n1.stop(), () => n2.stop(), () => proxy.close());
    const alice = await signIn("alice@acme.test");
    onNode2 = client(n2.url, { cookie: alice.cookie, origin: TEST_ORIGIN, reconnection: true });
    await connected(onNode2);
    setIo(node1Io); // webhooks land on node 1
  }, 60_000);

  afterAll(async () => {
    onNode2.close();
    await settleBackground();
    for (const fn of cleanups.reverse()) await fn();
  });

  test("webhooks are still stored and answered 200; health says 503; real time recovers when Redis returns", async () => {
    const send = (text: string) => postFacebook(buildFacebookWebhook({ to: ACME.facebook.pageId, from: "7700000000000099", text }, FB_SECRET).body);
    expect((await send("before the outage")).status).toBe(200);
    await eventually(() => texts(onNode2).includes("before the outage"), 3000, "cross-node delivery");

    proxy.cut();
    await eventually(() => false, 300, "").catch(() => undefined);
    for (const text of ["during outage 1", "during outage 2"]) expect((await send(text)).status).toBe(200);
    expect(await systemDb().message.count({ where: { text: { startsWith: "during outage" } } })).toBe(2);
    const h = await health();
    expect(h.status).toBe(503);
    expect(await h.json()).toMatchObject({ database: "ok", redis: "down" });

    proxy.restore();
    await eventually(() => false, 100, "").catch(() => undefined);
    const until = Date.now() + 15_000;
    while ((await health()).status !== 200 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect((await health()).status).toBe(200);
    // Live delivery across nodes works again (what was missed meanwhile the client re-fetches on reconnect).
    expect((await send("after the outage")).status).toBe(200);
    await eventually(() => texts(onNode2).includes("after the outage"), 10_000, "delivery after recovery");
  }, 60_000);
});
