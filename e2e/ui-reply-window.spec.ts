import { expect, test, type APIRequestContext } from "@playwright/test";
import { buildFacebookWebhook } from "../lib/channels/simulate-webhook";
import { ACME, APP_SECRET, FAKE_PLATFORM, agentPage, deliverZalo, openBySearch, originHeader, platformCalls, psid, signInByApi, unique } from "./helpers";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A Messenger message whose platform timestamp lies `ago` ms in the past; the fake Graph is told the same. */
async function deliverOld(request: APIRequestContext, m: { from: string; text: string; ago: number }) {
  const timestamp = Date.now() - m.ago;
  const signed = buildFacebookWebhook({ to: ACME.facebook.pageId, from: m.from, text: m.text, timestamp }, APP_SECRET);
  const res = await request.post(signed.path, { data: signed.body, headers: { ...signed.headers, "content-type": "application/json" } });
  expect(res.status()).toBe(200);
  await request.post(`${FAKE_PLATFORM}/__inbound`, { data: { platform: "facebook", userId: m.from, at: timestamp } });
}

const banner = (page: import("@playwright/test").Page) => page.locator(".composer-window");

test("the composer says how long the window stays open, on both channels", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const question = unique("Fresh question");
  await deliverOld(request, { from: psid(), text: question, ago: 0 });
  await openBySearch(alice.page, question);
  const composer = alice.page.getByRole("textbox", { name: "Message" });
  await expect(banner(alice.page)).toHaveText(/^Reply window closes in 23 h$/);
  await expect(composer).toHaveAccessibleDescription(/Reply window closes in 23 h/);
  await expect(composer).toBeEnabled();

  const zalo = unique("Zalo fresh");
  await deliverZalo(request, { to: ACME.zalo.oaId, from: psid(), text: zalo });
  await openBySearch(alice.page, zalo);
  await expect(banner(alice.page)).toHaveText(/^Reply window closes in 6 days$/);
  await alice.context.close();
});

test("a late reply (24 h - 7 d) is a human agent's: the banner says so and the send is tagged HUMAN_AGENT", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const question = unique("Asked yesterday");
  const from = psid();
  await deliverOld(request, { from, text: question, ago: 30 * HOUR });
  await openBySearch(alice.page, question);
  await expect(banner(alice.page)).toContainText("Human-agent reply: 5 days left");
  await expect(banner(alice.page)).toContainText("yours is sent marked as one");

  const answer = unique("Sorry for the wait");
  const composer = alice.page.getByRole("textbox", { name: "Message" });
  await composer.fill(answer);
  await alice.page.getByRole("button", { name: "Send" }).click();
  await expect(alice.page.getByRole("region", { name: "Messages" }).getByRole("article").filter({ hasText: answer })).toContainText("Sent");
  const calls = await platformCalls(request);
  const sent = calls.calls.filter((c) => c.method === "POST" && JSON.stringify(c.body ?? null).includes(answer));
  expect(sent).toHaveLength(1);
  expect(sent[0]!.body).toEqual({ recipient: { id: from }, messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT", message: { text: answer } });
  expect(calls.violations).toEqual([]);
  await alice.context.close();
});

test("past 7 days the composer explains why it is closed; the API answers 409 and the platform is not called", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const question = unique("Asked last week");
  const from = psid();
  await deliverOld(request, { from, text: question, ago: 8 * DAY });
  // Eight days old, it sits far down the list: find it by search.
  await alice.page.getByRole("searchbox", { name: "Search conversations" }).fill(question);
  await openBySearch(alice.page, question);
  const composer = alice.page.getByRole("textbox", { name: "Message" });
  await expect(composer).toBeDisabled();
  await expect(alice.page.getByRole("button", { name: "Send" })).toBeDisabled();
  await expect(alice.page.getByText(/Replies are closed: Facebook allows a reply only within 7 days/)).toBeVisible();
  await expect(composer).toHaveAccessibleDescription(/You can answer again when the customer writes/);

  // A script trying anyway is refused before anything is stored or sent.
  const api = await browser.newContext({ baseURL });
  await signInByApi(api.request, "alice@acme.test", baseURL);
  const list = (await (await api.request.get(`/api/conversations?q=${encodeURIComponent(question)}`)).json()) as { conversations: { id: string; lastMessagePreview: string }[] };
  const id = list.conversations.find((c) => c.lastMessagePreview === question)!.id;
  const res = await api.request.post(`/api/facebook/conversations/${id}/messages`, { data: { text: "let me in" }, headers: originHeader(baseURL) });
  expect(res.status()).toBe(409);
  expect(await res.json()).toMatchObject({ error: { code: "outside_window" } });
  expect((await platformCalls(request)).calls.filter((c) => JSON.stringify(c.body ?? null).includes(from))).toEqual([]);

  // The customer writes again: the composer opens, live.
  await deliverOld(request, { from, text: `${question} still there?`, ago: 0 });
  await expect(composer).toBeEnabled();
  await expect(banner(alice.page)).toHaveText(/^Reply window closes in 23 h$/);
  await api.close();
  await alice.context.close();
});

test("the banner moves on as time passes, without a reload", async ({ browser, baseURL, request }) => {
  const context = await browser.newContext({ baseURL });
  await signInByApi(context.request, "alice@acme.test", baseURL);
  const page = await context.newPage();
  await page.clock.install();
  await page.goto("/");
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  const question = unique("Almost a day ago");
  await deliverOld(request, { from: psid(), text: question, ago: 24 * HOUR - 2 * MIN });
  await openBySearch(page, question);
  await expect(banner(page)).toHaveText(/^Reply window closes in (1|2) min$/);
  await page.clock.fastForward("05:00");
  // 7 days less 24 h 3 min: rounded down, never promising more than is left.
  await expect(banner(page)).toContainText("Human-agent reply: 5 days left");
  await context.close();
});
