// Time to first paint of the inbox: seed many conversations with `pg`, open `/` in headless Chromium.
import { chromium, type Browser } from "@playwright/test";
import pg from "pg";
import { request, type Endpoint } from "./client";
import { percentile, round } from "./util";

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Inserts `n` open Facebook conversations (contact + conversation + one message each) for account `demo-acme`. */
export async function seedConversations(databaseUrl: string, n: number, tag: string): Promise<{ seconds: number; total: number }> {
  const t0 = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const integ = await client.query<{ id: string }>(
      `SELECT "id" FROM "Integration" WHERE "accountId" = 'demo-acme' AND "channel" = 'facebook' LIMIT 1`,
    );
    const integrationId = integ.rows[0]?.id;
    if (!integrationId) throw new Error("no Acme Facebook integration to seed conversations for");
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Contact" ("id", "accountId", "integrationId", "externalId", "name", "profileFetchedAt")
       SELECT 'bench-ct-' || $2 || '-' || g, 'demo-acme', $1, '79' || lpad(g::text, 10, '0') || $2, 'Bench Customer ' || g, now()
       FROM generate_series(1, $3::int) AS g`,
      [integrationId, tag, n],
    );
    await client.query(
      `INSERT INTO "Conversation" ("id", "accountId", "integrationId", "contactId", "status", "inboundCount", "lastMessageAt", "lastMessagePreview")
       SELECT 'bench-cv-' || $2 || '-' || g, 'demo-acme', $1, 'bench-ct-' || $2 || '-' || g, 'open'::"ConversationStatus", g % 3,
              now() - make_interval(secs => g), 'Bench message number ' || g
       FROM generate_series(1, $3::int) AS g`,
      [integrationId, tag, n],
    );
    await client.query(
      `INSERT INTO "Message" ("id", "accountId", "conversationId", "integrationId", "direction", "text", "status", "externalId", "createdAt")
       SELECT 'bench-msg-' || $2 || '-' || g, 'demo-acme', 'bench-cv-' || $2 || '-' || g, $1, 'inbound'::"Direction",
              'Bench message number ' || g, 'received'::"MessageStatus", 'bench-mid-' || $2 || '-' || g, now() - make_interval(secs => g)
       FROM generate_series(1, $3::int) AS g`,
      [integrationId, tag, n],
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "Contact", "Conversation", "Message"`);
    const count = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Conversation" WHERE "accountId" = 'demo-acme'`);
    return { seconds: round((performance.now() - t0) / 1000, 2), total: Number(count.rows[0]?.n ?? 0) };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

export type PaintSample = {
  ttfb: number;
  fcp: number;
  firstConversation: number;
  wallFirstConversation: number;
  links: number;
  /** When the browser started / finished GET /api/conversations (the list is fetched after hydration). */
  listFetchStart: number;
  listFetchEnd: number;
  scripts: number;
  scriptKiB: number;
};
export type PaintResult = {
  runs: PaintSample[];
  cold: PaintSample | undefined;
  median: { ttfb: number; fcp: number; firstConversation: number; listFetchStart: number; listFetchEnd: number };
  apiListP50: number;
};

/** Page-side hook: the moment the first conversation link in nav "Conversations" is in the DOM with a box. */
const INIT_SCRIPT = `
(() => {
  const check = () => {
    if (window.__benchFirstConversation !== undefined) return true;
    const a = document.querySelector('nav[aria-label="Conversations"] a');
    if (a) {
      const r = a.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) { window.__benchFirstConversation = performance.now(); return true; }
    }
    return false;
  };
  const obs = new MutationObserver(() => { if (check()) obs.disconnect(); });
  obs.observe(document, { childList: true, subtree: true });
})();`;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** Opens `/` signed in as `email` `runs` times (a fresh context each, so each is a first visit). */
export async function measurePaint(browser: Browser, ep: Endpoint, email: string, runs: number, cookie: string): Promise<PaintResult> {
  const samples: PaintSample[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ baseURL: ep.origin, viewport: { width: 1280, height: 800 } });
    try {
      // Sign in through next-auth's API, as e2e/helpers.ts signInByApi does.
      const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const res = await context.request.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: "demo-password", json: "true" }, headers: { origin: ep.origin } });
      if (!res.ok()) throw new Error(`browser sign-in failed: HTTP ${res.status()}`);
      const page = await context.newPage();
      await page.addInitScript(INIT_SCRIPT);
      const t0 = performance.now();
      await page.goto("/", { waitUntil: "commit", timeout: 60_000 });
      const firstLink = page.getByRole("navigation", { name: "Conversations" }).getByRole("link").first();
      await firstLink.waitFor({ state: "visible", timeout: 60_000 });
      const wall = performance.now() - t0;
      // FCP is recorded asynchronously; give it a moment to be reported.
      await page.waitForFunction(() => performance.getEntriesByType("paint").some((e) => e.name === "first-contentful-paint"), undefined, { timeout: 10_000 }).catch(() => undefined);
      const m = await page.evaluate(() => {
        const w = window as unknown as { __benchFirstConversation?: number };
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
        const fcp = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
        const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
        const list = resources.find((e) => e.name.includes("/api/conversations"));
        const scripts = resources.filter((e) => e.initiatorType === "script" || e.name.endsWith(".js"));
        return {
          ttfb: nav ? nav.responseStart : NaN,
          fcp: fcp ? fcp.startTime : NaN,
          firstConversation: w.__benchFirstConversation ?? NaN,
          links: document.querySelectorAll('nav[aria-label="Conversations"] a').length,
          listFetchStart: list ? list.startTime : NaN,
          listFetchEnd: list ? list.responseEnd : NaN,
          scripts: scripts.length,
          scriptKiB: scripts.reduce((a, e) => a + (e.decodedBodySize || 0), 0) / 1024,
        };
      });
      samples.push({
        ttfb: round(m.ttfb),
        fcp: round(m.fcp),
        firstConversation: round(m.firstConversation),
        wallFirstConversation: round(wall),
        links: m.links,
        listFetchStart: round(m.listFetchStart),
        listFetchEnd: round(m.listFetchEnd),
        scripts: m.scripts,
        scriptKiB: round(m.scriptKiB, 0),
      });
    } finally {
      await context.close();
    }
  }
  // The list API the page calls first, timed from Node (server work only, no browser).
  const api: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const r = await request(ep, "GET", "/api/conversations?status=open&limit=50", { headers: { cookie } });
    if (r.status !== 200) throw new Error(`GET /api/conversations: HTTP ${r.status}`);
    api.push(performance.now() - t0);
  }
  const warm = samples.length > 1 ? samples.slice(1) : samples;
  const med = (k: "ttfb" | "fcp" | "firstConversation" | "listFetchStart" | "listFetchEnd") => round(percentile(warm.map((s) => s[k]), 0.5));
  return {
    runs: samples,
    cold: samples[0],
    median: { ttfb: med("ttfb"), fcp: med("fcp"), firstConversation: med("firstConversation"), listFetchStart: med("listFetchStart"), listFetchEnd: med("listFetchEnd") }, apiListP50: round(percentile(api, 0.5), 1) };
}
