import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { buildFacebookWebhook } from "../lib/channels/simulate-webhook";
import { signFacebookBody } from "../lib/channels/facebook/verify-signature";
import { ACME, APP_SECRET, FAKE_MEDIA, FAKE_PLATFORM, agentPage, deliverFacebook, psid, unique } from "./helpers";

const PAGE = ACME.facebook.pageId;

/** One signed Messenger webhook carrying several messaging items, as Meta batches them. */
async function deliverItems(request: APIRequestContext, items: object[]) {
  const body = JSON.stringify({ object: "page", entry: [{ id: PAGE, time: Date.now(), messaging: items }] });
  const res = await request.post("/webhooks/facebook", {
    data: body,
    headers: { "x-hub-signature-256": signFacebookBody(body, APP_SECRET), "content-type": "application/json" },
  });
  expect(res.status()).toBe(200);
}

/** `count` customer messages, a minute apart, ending `endAgoMs` before now: "<label> 01" … */
async function deliverHistory(request: APIRequestContext, from: string, label: string, count: number, endAgoMs = 0) {
  const end = Date.now() - endAgoMs;
  const items = Array.from({ length: count }, (_, i) => ({
    sender: { id: from },
    recipient: { id: PAGE },
    timestamp: end - (count - 1 - i) * 60_000,
    message: { mid: `m_${label.replace(/\W/g, "")}_${i}`, text: `${label} ${String(i + 1).padStart(2, "0")}` },
  }));
  await deliverItems(request, items);
}

const messages = (page: Page) => page.getByRole("region", { name: "Messages" });
const bubble = (page: Page, text: string) => messages(page).getByRole("article").filter({ hasText: text });
const openConversation = async (page: Page, text: string) => {
  await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text }).first().click();
  await expect(messages(page)).toBeVisible();
};

test("bubbles: customer left, agent right, times, day separators, inline images, delivery states", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const from = psid();
  const today = unique("Asked today");
  // An older message three days back, then today's, then a photo.
  await deliverItems(request, [
    { sender: { id: from }, recipient: { id: PAGE }, timestamp: Date.now() - 3 * 86_400_000, message: { mid: `m_${from}_old`, text: "Asked days ago" } },
  ]);
  await deliverFacebook(request, { to: PAGE, from, text: today });
  // The photo is on the platform's (fake) CDN: Inbox downloads it and the thread shows its copy.
  const photo = buildFacebookWebhook({ to: PAGE, from, text: "", image: `${FAKE_MEDIA}/img/thread-${from}.png` }, APP_SECRET);
  expect((await request.post(photo.path, { data: photo.body, headers: { ...photo.headers, "content-type": "application/json" } })).status()).toBe(200);
  await openConversation(alice.page, "Photo");
  await expect(messages(alice.page)).toContainText(today);

  // One separator per day.
  await expect(messages(alice.page).getByText("Today", { exact: true })).toBeVisible();
  await expect(messages(alice.page).locator(".day-separator")).toHaveCount(2);
  const image = messages(alice.page).getByRole("img", { name: "Image from the customer" });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  const reply = unique("Agent says hi");
  await alice.page.getByRole("textbox", { name: "Message" }).fill(reply);
  await alice.page.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(bubble(alice.page, reply)).toContainText("Sent");
  await expect(bubble(alice.page, reply).locator("time")).toHaveText(/\d{1,2}[:.]\d{2}/);

  // Customer left, agent right.
  const inBox = (await bubble(alice.page, today).locator(".bubble").boundingBox())!;
  const outBox = (await bubble(alice.page, reply).locator(".bubble").boundingBox())!;
  const region = (await messages(alice.page).boundingBox())!;
  expect(inBox.x - region.x).toBeLessThan(40);
  expect(region.x + region.width - (outBox.x + outBox.width)).toBeLessThan(40);
  expect(outBox.x).toBeGreaterThan(region.x + region.width / 2);

  // Receipts move the reply forward: delivered, then read.
  await deliverItems(request, [{ sender: { id: from }, recipient: { id: PAGE }, timestamp: Date.now(), delivery: { watermark: Date.now() } }]);
  await expect(bubble(alice.page, reply)).toContainText("Delivered");
  await deliverItems(request, [{ sender: { id: from }, recipient: { id: PAGE }, timestamp: Date.now(), read: { watermark: Date.now() } }]);
  await expect(bubble(alice.page, reply)).toContainText("Read");
  await alice.context.close();
});

test("resolve takes a conversation out of Open; reopen brings it back; a customer message reopens it", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const from = psid();
  const text = unique("Please close this");
  await deliverFacebook(request, { to: PAGE, from, text });
  await openConversation(alice.page, text);
  const nav = alice.page.getByRole("navigation", { name: "Conversations" });

  await alice.page.getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(nav.getByRole("link").filter({ hasText: text })).toHaveCount(0);
  // Still open in the thread pane, now offering Reopen.
  await expect(messages(alice.page)).toContainText(text);
  await alice.page.getByRole("radio", { name: "Resolved" }).check();
  await expect(nav.getByRole("link").filter({ hasText: text })).toBeVisible();
  await alice.page.getByRole("button", { name: "Reopen", exact: true }).click();
  await expect(nav.getByRole("link").filter({ hasText: text })).toHaveCount(0);
  await alice.page.getByRole("radio", { name: "Open" }).check();
  await expect(nav.getByRole("link").filter({ hasText: text })).toBeVisible();

  // Resolved again — stored before the customer writes (the list hides it at once, optimistically;
  // a webhook stored in a few ms would otherwise beat the resolve to the server) — then the customer
  // writes back: it is open again, live.
  const resolved = alice.page.waitForResponse((r) => r.url().endsWith("/status") && r.request().method() === "POST");
  await alice.page.getByRole("button", { name: "Resolve", exact: true }).click();
  expect((await resolved).status()).toBe(200);
  await expect(nav.getByRole("link").filter({ hasText: text })).toHaveCount(0);
  const again = unique("Actually, one more thing");
  await deliverFacebook(request, { to: PAGE, from, text: again });
  await expect(nav.getByRole("link").filter({ hasText: again })).toBeVisible();
  await expect(alice.page.getByRole("button", { name: "Resolve", exact: true })).toBeVisible();
  await alice.context.close();
});

test("a refused reply shows the platform's reason and Retry sends it again", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const text = unique("Outside the window");
  await deliverFacebook(request, { to: PAGE, from: psid(), text });
  await openConversation(alice.page, text);
  const reply = unique("Late answer");
  const composer = alice.page.getByRole("textbox", { name: "Message" });
  await composer.fill(reply);
  await request.post(`${FAKE_PLATFORM}/__fail`, {
    data: { platform: "facebook", answer: { status: 400, body: { error: { message: "(#10) outside window", code: 10 } } } },
  });
  await alice.page.getByRole("button", { name: "Send" }).click();
  const failed = bubble(alice.page, reply);
  await expect(failed).toContainText("Failed");
  await expect(failed).toContainText("(#10) outside window");
  await expect(failed).toHaveCount(1);
  // The thread keeps it (with Retry); the composer is free for the next message.
  await expect(composer).toHaveValue("");

  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(failed).toContainText("Sent");
  await expect(failed).not.toContainText("outside window");
  await expect(failed.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await alice.context.close();
});

test("a reply that never reaches the server is shown at once, then rolled back into the composer", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const text = unique("Flaky network");
  await deliverFacebook(request, { to: PAGE, from: psid(), text });
  await openConversation(alice.page, text);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await alice.page.route("**/api/facebook/conversations/*/messages", async (route) => {
    await held;
    await route.abort("connectionreset");
  });
  const reply = unique("Will it send?");
  const composer = alice.page.getByRole("textbox", { name: "Message" });
  await composer.fill(reply);
  await composer.press("Enter");
  // Optimistic: in the thread straight away, marked as sending.
  await expect(bubble(alice.page, reply)).toContainText("Sending");
  await expect(composer).toHaveValue("");
  release();
  await expect(bubble(alice.page, reply)).toHaveCount(0);
  await expect(composer).toHaveValue(reply);
  await expect(alice.page.getByRole("alert").filter({ hasText: "Not sent" })).toBeVisible();
  await alice.context.close();
});

test("the thread stays pinned to the newest message, unless the agent scrolled up: then a New messages pill", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const from = psid();
  const label = unique("Pin").replace(" ", "");
  await deliverHistory(request, from, label, 40);
  await openConversation(alice.page, `${label} 40`);
  await expect(bubble(alice.page, `${label} 40`)).toBeInViewport();

  const live1 = unique("Arrives while at the bottom");
  await deliverFacebook(request, { to: PAGE, from, text: live1 });
  await expect(bubble(alice.page, live1)).toBeInViewport();
  await expect(alice.page.getByRole("button", { name: /New messages/ })).toHaveCount(0);

  // Scroll up to read; a new message must not yank the view.
  const region = messages(alice.page);
  await region.evaluate((el) => el.scrollTo({ top: Math.max(450, el.scrollHeight - el.clientHeight - 800) }));
  await expect(bubble(alice.page, live1)).not.toBeInViewport();
  const before = await region.evaluate((el) => el.scrollTop);
  const live2 = unique("Arrives while reading above");
  await deliverFacebook(request, { to: PAGE, from, text: live2 });
  const pill = alice.page.getByRole("button", { name: /New messages/ });
  await expect(pill).toBeVisible();
  await expect(bubble(alice.page, live2)).not.toBeInViewport();
  expect(Math.abs((await region.evaluate((el) => el.scrollTop)) - before)).toBeLessThan(2);

  await pill.click();
  await expect(bubble(alice.page, live2)).toBeInViewport();
  await expect(pill).toHaveCount(0);
  await alice.context.close();
});

test("older messages load on scroll-up without moving what the agent is reading", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const from = psid();
  const label = unique("Old").replace(" ", "");
  await deliverHistory(request, from, label, 70);
  await openConversation(alice.page, `${label} 70`);
  // 50 per page: the first 20 are not loaded yet.
  await expect(bubble(alice.page, `${label} 21`)).toBeAttached();
  await expect(bubble(alice.page, `${label} 20`)).toHaveCount(0);
  await expect(messages(alice.page)).not.toContainText("start of the conversation");

  const region = messages(alice.page);
  await region.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(bubble(alice.page, `${label} 01`)).toBeAttached();
  await expect(messages(alice.page)).toContainText("start of the conversation");
  // The message that was at the top is still in view; the older ones are above it.
  await expect(bubble(alice.page, `${label} 21`)).toBeInViewport();
  await expect(bubble(alice.page, `${label} 01`)).not.toBeInViewport();
  expect(await region.evaluate((el) => el.scrollTop)).toBeGreaterThan(300);
  await alice.context.close();
});
