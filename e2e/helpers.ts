import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { buildFacebookWebhook, buildZaloWebhook } from "../lib/channels/simulate-webhook";
import { demoAccounts } from "../lib/demo/seed-demo";

export const ACME = demoAccounts[0]!;
export const GLOBEX = demoAccounts[1]!;
export const FAKE_PLATFORM = process.env.E2E_FAKE_PLATFORM ?? "http://127.0.0.1:3199";
/** The fake media CDN the servers download inbound attachments from (playwright.config.ts). */
export const FAKE_MEDIA = process.env.E2E_FAKE_MEDIA ?? "http://127.0.0.1:3198";

/** FACEBOOK_APP_SECRET of the e2e servers (playwright.config.ts). */
export const APP_SECRET = "e2e-facebook-app-secret-0123";

export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** The app's origin for this project: every state-changing /api request must carry it as Origin. */
export function appOrigin(baseURL = test.info().project.use.baseURL): string {
  if (!baseURL) throw new Error("no baseURL: pass the app's origin");
  return new URL(baseURL).origin;
}

/** Headers a same-origin browser fetch would send with a state-changing request. */
export const originHeader = (baseURL?: string) => ({ origin: appOrigin(baseURL) });

/** Signs in through next-auth's credentials API (csrf, then callback), as a script would. */
export async function signInByApi(request: APIRequestContext, email: string, baseURL?: string): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: "demo-password", json: "true" },
    headers: originHeader(baseURL),
  });
  expect(res.ok()).toBe(true);
}

export async function agentPage(browser: Browser, baseURL: string, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  await signInByApi(context.request, email, baseURL);
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  return { context, page };
}

/** Delivers a signed webhook to the server exactly as the platform would. */
export async function deliverFacebook(request: APIRequestContext, m: { to: string; from: string; text: string; echo?: boolean; mid?: string }, base = "") {
  const signed = buildFacebookWebhook(m, APP_SECRET);
  const res = await request.post(`${base}${signed.path}`, { data: signed.body, headers: { ...signed.headers, "content-type": "application/json" } });
  expect(res.status()).toBe(200);
}

export async function deliverZalo(request: APIRequestContext, m: { to: string; from: string; text: string }) {
  const oa = demoAccounts.find((a) => a.zalo.oaId === m.to)!.zalo;
  const signed = buildZaloWebhook(m, { appId: oa.appId, secretKey: oa.secretKey });
  const res = await request.post(signed.path, { data: signed.body, headers: { ...signed.headers, "content-type": "application/json" } });
  expect(res.status()).toBe(200);
}

export const psid = () => `71${Date.now()}${Math.floor(Math.random() * 1000)}`.slice(0, 16);

export async function platformCalls(request: APIRequestContext) {
  return ((await (await request.get(`${FAKE_PLATFORM}/__calls`)).json()) as { calls: { path: string; body: unknown; method: string }[]; violations: string[] });
}

/**
 * Opens the conversation that holds `text` through the search box: a conversation whose last
 * message is old may be far down a long list (the 10,000-conversation test runs earlier).
 */
export async function openBySearch(page: Page, text: string, rowText = text): Promise<void> {
  await page.getByRole("searchbox", { name: "Search conversations" }).fill(text);
  await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: rowText }).first().click();
}

/** Two agents of Acme (Alice, an admin, and Carol) and one of Globex (Bob), each in their own browser context. */
export async function teamPages(browser: Browser, baseURL: string) {
  return [await agentPage(browser, baseURL, "alice@acme.test"), await agentPage(browser, baseURL, "carol@acme.test"), await agentPage(browser, baseURL, "bob@globex.test")] as const;
}
