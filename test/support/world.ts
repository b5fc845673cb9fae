import { afterAll, beforeAll } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { seedDemo, demoAccounts } from "@/lib/demo/seed-demo";
import { settleBackground } from "@/lib/inbox/run-in-background";
import { openTestDatabase, type DbKind } from "./test-db";
import { client, connected, startRealtime, TEST_ORIGIN, type TestClient } from "./realtime-harness";
import { demoFakeTokens, startFakePlatform, type FakePlatform } from "./fake-platform";
import { channelList } from "@/lib/channels/metadata";
import { signIn, type TestSession } from "./sessions";

export const ACME = demoAccounts[0]!;
export const GLOBEX = demoAccounts[1]!;

export type World = {
  kind: DbKind;
  /** The PostgreSQL database of this block (undefined on PGlite), for tests that start other processes on it. */
  databaseUrl: string | undefined;
  realtimeUrl: string;
  platform: FakePlatform;
  alice: TestSession;
  carol: TestSession;
  bob: TestSession;
  /** A member of both accounts (Acme first, so signed in to Acme). */
  dave: TestSession;
  /** A connected, recording socket for a session. */
  socketFor: (s: TestSession) => Promise<TestClient>;
};

/**
 * Everything real for one describe block: a migrated database of `kind` with
 * the demo accounts, the Socket.IO server, and the fake Graph/Zalo APIs.
 */
export function useWorld(kind: DbKind): World {
  const world = { kind } as World;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    const platform = await startFakePlatform(demoFakeTokens([ACME, GLOBEX]));
    for (const meta of channelList) for (const name of meta.apiUrlEnv) process.env[name] = platform.url;
    process.env.APP_URL = TEST_ORIGIN;
    resetEnvForTests();
    const database = await openTestDatabase(kind);
    await seedDemo();
    const realtime = await startRealtime();
    world.platform = platform;
    world.databaseUrl = database.url;
    world.realtimeUrl = realtime.url;
    world.alice = await signIn("alice@acme.test");
    world.carol = await signIn("carol@acme.test");
    world.bob = await signIn("bob@globex.test");
    world.dave = await signIn("dave@acme.test");
    world.socketFor = async (s) => {
      const c = client(realtime.url, { cookie: s.cookie, origin: TEST_ORIGIN });
      cleanups.push(c.close);
      await connected(c);
      return c;
    };
    cleanups.push(
      () => settleBackground(),
      () => realtime.stop(),
      () => platform.close(),
      () => database.close(),
    );
  });
  afterAll(async () => {
    for (const fn of cleanups.splice(0)) await fn();
  });
  return world;
}

/**
 * Calls a Next route handler the way Next does: a Request and a params promise.
 * A state-changing call is same-origin by default (Origin TEST_ORIGIN, JSON
 * content type), like the app's own fetches; a header given as null is left
 * out, any other value replaces the default.
 */
export function call<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response> | Response,
  init: { path: string; method?: string; cookie?: string; body?: string | Uint8Array | object; headers?: Record<string, string | null>; params?: P },
): Promise<Response> {
  const body = init.body instanceof Uint8Array ? new Uint8Array(init.body) : typeof init.body === "object" ? JSON.stringify(init.body) : init.body;
  const method = init.method ?? (body ? "POST" : "GET");
  const defaults: Record<string, string> = {};
  if (method !== "GET" && method !== "HEAD") {
    defaults.origin = TEST_ORIGIN;
    defaults["content-type"] = "application/json";
  } else if (body !== undefined) defaults["content-type"] = "application/json";
  if (init.cookie) defaults.cookie = init.cookie;
  const given = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const headers = Object.fromEntries(
    Object.entries({ ...defaults, ...given }).filter((e): e is [string, string] => e[1] !== null),
  );
  const req = new Request(`${TEST_ORIGIN}${init.path}`, { method, headers, body });
  return Promise.resolve(handler(req, { params: Promise.resolve((init.params ?? {}) as P) }));
}
