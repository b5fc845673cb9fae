// Screenshots of the inbox for the README: `tsx scripts/screenshots.ts [--url http://localhost:3000]`.
// Starts nothing: point it at a running demo (`npm run demo`). It delivers a few signed
// webhooks (fixed message ids, so running it again adds nothing), signs in as Alice through
// the credentials API and saves public/screenshots/inbox-{light,dark}.png at 1440×900, then the
// team's day: team-thread.png (Carol assigned, a private note mentioning her), inbox-vi.png (the
// same in Vietnamese) and settings-team.png (Settings → Team).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { buildFacebookWebhook, buildZaloWebhook, type SignedRequest } from "../lib/channels/simulate-webhook";
import { signFacebookBody } from "../lib/channels/facebook/verify-signature";
import { demoAccounts, DEMO_PASSWORD } from "../lib/demo/seed-demo";

const { values } = parseArgs({ options: { url: { type: "string", default: "http://localhost:3000" } } });
const base = values.url!.replace(/\/$/, "");
const appSecret = process.env.FACEBOOK_APP_SECRET ?? "demo-app-secret";
const acme = demoAccounts[0]!;
const out = path.join(import.meta.dirname, "..", "public", "screenshots");

const MIN = 60_000;
const now = Date.now();

async function post(request: APIRequestContext, signed: SignedRequest) {
  const res = await request.post(`${base}${signed.path}`, { data: signed.body, headers: { ...signed.headers, "content-type": "application/json" } });
  if (res.status() !== 200) throw new Error(`webhook ${signed.path} answered ${res.status()}: ${await res.text()}`);
}

const facebook = (m: { from: string; text: string; at: number; mid: string; echo?: boolean }) =>
  buildFacebookWebhook({ to: acme.facebook.pageId, from: m.from, text: m.text, timestamp: m.at, mid: m.mid, echo: m.echo }, appSecret);

const zalo = (m: { from: string; text: string; at: number; mid: string }) =>
  buildZaloWebhook({ to: acme.zalo.oaId, from: m.from, text: m.text, timestamp: m.at, mid: m.mid }, { appId: acme.zalo.appId, secretKey: acme.zalo.secretKey });

/** A read receipt from the customer, as Messenger sends it. */
function facebookRead(from: string, watermark: number): SignedRequest {
  const body = JSON.stringify({
    object: "page",
    entry: [{ id: acme.facebook.pageId, time: watermark, messaging: [{ sender: { id: from }, recipient: { id: acme.facebook.pageId }, timestamp: watermark, read: { watermark } }] }],
  });
  return { path: "/webhooks/facebook", body, headers: { "x-hub-signature-256": signFacebookBody(body, appSecret) } };
}

async function deliverDemoTraffic(request: APIRequestContext) {
  const minh = acme.samples.find((s) => s.name === "Minh Pham")!.userId;
  const lan = acme.samples.find((s) => s.name === "Lan Hoang")!.userId;
  const others: [string, string, number][] = [
    ["9000000000000311", "My order #4821 still says “processing”, is that normal?", 95],
    ["9000000000000312", "Do you have the linen shirt in navy?", 180],
    ["9000000000000313", "Can I pay by bank transfer?", 60 * 26],
  ];
  for (const [i, [from, text, ago]] of others.entries()) await post(request, facebook({ from, text, at: now - ago * MIN, mid: `shot-other-${i}` }));
  // Zalo events older than the freshness window (15 min) are ignored: these stay inside it.
  await post(request, zalo({ from: "8000000000000311", text: "Cho mình xin bảng giá sỉ nhé", at: now - 14 * MIN, mid: "shot-zalo-other" }));
  await post(request, zalo({ from: lan, text: "Mình muốn đổi sang size L được không shop?", at: now - 12 * MIN, mid: "shot-lan-1" }));

  const thread: { text: string; ago: number; echo?: boolean }[] = [
    { text: "Great, I'll take it. Can you deliver to District 3 by Friday?", ago: 34 },
    { text: "Yes! Delivery to District 3 takes 1–2 days, so Friday is no problem.", ago: 31, echo: true },
    { text: "I've reserved a size M blue jacket for you. Shall I send the payment link?", ago: 30, echo: true },
    { text: "Yes please, send it over.", ago: 6 },
    { text: "And could you gift-wrap it? It's for my sister's birthday", ago: 5 },
  ];
  for (const [i, m] of thread.entries()) await post(request, facebook({ from: minh, text: m.text, at: now - m.ago * MIN, mid: `shot-minh-${i}`, echo: m.echo }));
  await post(request, facebookRead(minh, now - 7 * MIN));
}

/** Carol owns Minh's conversation and Alice left her a note (once: a second run adds nothing). */
async function teamShots(context: BrowserContext, conversationId: string) {
  const headers = { origin: base };
  const { members } = (await (await context.request.get("/api/account/members")).json()) as { members: { id: string; name: string }[] };
  const carol = members.find((m) => m.name === "Carol Tran");
  if (!carol) throw new Error("Carol Tran is not a member of Acme: is the demo data seeded?");
  await context.request.post(`/api/conversations/${conversationId}/assignee`, { data: { assigneeId: carol.id }, headers });
  const noteText = "@Carol Tran she wants it gift-wrapped: use the birthday paper please";
  const { messages } = (await (await context.request.get(`/api/conversations/${conversationId}/messages`)).json()) as { messages: { text: string }[] };
  if (!messages.some((m) => m.text === noteText)) {
    await context.request.post(`/api/conversations/${conversationId}/notes`, { data: { text: noteText, mentions: [carol.id] }, headers });
  }
  const shots: { file: string; url: string; locale?: string; ready: (page: Page) => Promise<unknown> }[] = [
    { file: "team-thread.png", url: `/?c=${conversationId}`, ready: (page) => page.getByRole("region", { name: "Messages" }).getByText("birthday paper").waitFor() },
    { file: "inbox-vi.png", url: `/?c=${conversationId}`, locale: "vi", ready: (page) => page.getByText("birthday paper").first().waitFor() },
    { file: "settings-team.png", url: "/settings/team", ready: (page) => page.getByText("Carol Tran").first().waitFor() },
  ];
  for (const shot of shots) {
    await context.addCookies([{ name: "inbox-locale", value: shot.locale ?? "en", url: base }]);
    const page = await context.newPage();
    await page.goto(shot.url);
    await shot.ready(page);
    await page.evaluate(() => document.fonts.ready);
    await page.mouse.move(0, 899);
    await page.waitForTimeout(500);
    const file = path.join(out, shot.file);
    await page.screenshot({ path: file });
    console.log(`saved ${path.relative(process.cwd(), file)}`);
    await page.close();
  }
}

async function main() {
  await mkdir(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, colorScheme });
      if (colorScheme === "light") await deliverDemoTraffic(context.request);
      const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const signIn = await context.request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: "alice@acme.test", password: DEMO_PASSWORD, json: "true" },
        // Every state-changing request needs our Origin, next-auth's POSTs too.
        headers: { origin: base },
      });
      if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()}`);
      const list = (await (await context.request.get("/api/conversations?status=all&q=Minh%20Pham")).json()) as { conversations: { id: string }[] };
      const minh = list.conversations[0];
      if (!minh) throw new Error("Minh Pham's conversation was not found: is the demo data seeded?");

      const page = await context.newPage();
      await page.goto(`/?c=${minh.id}`);
      await page.getByRole("status", { name: /Live updates: Live/ }).waitFor();
      await page.getByRole("region", { name: "Messages" }).getByText("gift-wrap it").waitFor();
      await page.getByRole("region", { name: "Messages" }).getByText("Read").first().waitFor();
      await page.evaluate(() => document.fonts.ready);
      await page.mouse.move(0, 899); // no hover state in the picture
      await page.waitForTimeout(300);
      const file = path.join(out, `inbox-${colorScheme}.png`);
      await page.screenshot({ path: file });
      console.log(`saved ${path.relative(process.cwd(), file)}`);
      if (colorScheme === "light") await teamShots(context, minh.id);
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
