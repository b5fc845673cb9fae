import { expect, test, type Page } from "@playwright/test";
import { signFacebookBody } from "../lib/channels/facebook/verify-signature";
import { ACME, APP_SECRET, agentPage, deliverFacebook, deliverZalo, originHeader, psid, signInByApi, unique } from "./helpers";

type Listed = { id: string; lastMessagePreview: string; unreadCount: number; status: string };

async function findConversation(page: Page, text: string): Promise<Listed> {
  const res = await page.request.get(`/api/conversations?status=all&q=${encodeURIComponent(text)}`);
  const { conversations } = (await res.json()) as { conversations: Listed[] };
  const hit = conversations.find((c) => c.lastMessagePreview.includes(text));
  expect(hit, `conversation with "${text}"`).toBeTruthy();
  return hit!;
}

const list = (page: Page) => page.getByRole("navigation", { name: "Conversations" });
const row = (page: Page, text: string) => list(page).getByRole("link").filter({ hasText: text });

test("filters by channel and status; search by text or name waits for typing to pause", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const token = unique("flt").replace(" ", "");
  const fbText = `${token} facebook question`;
  const zaloText = `${token} zalo question`;
  const zaloUser = psid();
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: fbText });
  await deliverZalo(request, { to: ACME.zalo.oaId, from: zaloUser, text: zaloText });
  await expect(row(alice.page, fbText)).toBeVisible();
  await expect(row(alice.page, zaloText)).toBeVisible();

  // Typing a whole word fires one search, not one per key.
  const searches: string[] = [];
  alice.page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === "/api/conversations" && url.searchParams.get("q")) searches.push(url.searchParams.get("q")!);
  });
  const search = alice.page.getByRole("searchbox", { name: "Search conversations" });
  await search.click();
  await search.pressSequentially(token, { delay: 30 });
  await expect(row(alice.page, fbText)).toBeVisible();
  await expect(row(alice.page, zaloText)).toBeVisible();
  await expect(list(alice.page).getByRole("link")).toHaveCount(2);
  expect(searches.length).toBeLessThanOrEqual(2);
  expect(searches.at(-1)).toBe(token);

  const channel = alice.page.getByRole("combobox", { name: "Channel" });
  await channel.selectOption("zalo");
  await expect(row(alice.page, zaloText)).toBeVisible();
  await expect(row(alice.page, fbText)).toHaveCount(0);
  await channel.selectOption("facebook");
  await expect(row(alice.page, fbText)).toBeVisible();
  await expect(row(alice.page, zaloText)).toHaveCount(0);
  await channel.selectOption("");

  // Resolved elsewhere (another agent, the API): it leaves the Open view live.
  const zalo = await findConversation(alice.page, zaloText);
  expect((await alice.context.request.post(`/api/conversations/${zalo.id}/status`, { data: { status: "resolved" }, headers: originHeader(baseURL) })).ok()).toBe(true);
  await expect(row(alice.page, zaloText)).toHaveCount(0);
  await expect(row(alice.page, fbText)).toBeVisible();
  await alice.page.getByRole("radio", { name: "Resolved" }).check();
  await expect(row(alice.page, zaloText)).toBeVisible();
  await expect(row(alice.page, zaloText)).toContainText("Resolved");
  await expect(row(alice.page, fbText)).toHaveCount(0);
  await alice.page.getByRole("radio", { name: "All" }).check();
  await expect(row(alice.page, fbText)).toBeVisible();
  await expect(row(alice.page, zaloText)).toBeVisible();

  // By name: the Zalo contact's fallback name.
  await search.fill(`Zalo user ${zaloUser.slice(-4)}`);
  await expect(row(alice.page, zaloText)).toBeVisible();
  await expect(row(alice.page, fbText)).toHaveCount(0);
  // Clearing the search shows everything again at once.
  await search.fill("");
  await expect(row(alice.page, fbText)).toBeVisible();
  await alice.context.close();
});

test("unread is each agent's own (bug 5): Alice opening or browsing with J/K clears her badges, never Carol's", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  const from = psid();
  const first = unique("Unread one");
  const second = unique("Unread two");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from, text: first });
  await deliverFacebook(request, { to: ACME.facebook.pageId, from, text: second });
  await expect(row(alice.page, second)).toContainText("2 unread");
  await expect(row(carol.page, second)).toContainText("2 unread");

  await row(alice.page, second).click();
  await expect(alice.page.getByRole("region", { name: "Messages" })).toContainText(second);
  await expect(row(alice.page, second)).not.toContainText("unread");
  expect((await findConversation(alice.page, second)).unreadCount).toBe(0);
  // Carol's page heard of Alice's read (the shared event) and still counts her own two.
  await expect.poll(async () => (await findConversation(carol.page, second)).unreadCount).toBe(2);
  await expect(row(carol.page, second)).toContainText("2 unread");

  // A message arriving in the conversation Alice has open is read at once for her, unread for Carol.
  const third = unique("Unread three");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from, text: third });
  await expect(alice.page.getByRole("region", { name: "Messages" })).toContainText(third);
  await expect(row(carol.page, third)).toContainText("3 unread");
  await expect(row(alice.page, third)).not.toContainText("unread");

  // J/K through the list marks what it opens read, for the agent browsing only.
  const other = unique("Unread elsewhere");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: other });
  await expect(row(alice.page, other)).toContainText("1 unread");
  // It is the newest row, right above the open one: K opens it.
  await alice.page.keyboard.press("k");
  await expect(alice.page.getByRole("region", { name: "Messages" })).toContainText(other);
  await expect(row(alice.page, other)).not.toContainText("unread");
  await expect(row(carol.page, other)).toContainText("1 unread");

  // Carol reads it herself; a reload keeps each one's state (it is the server's, per agent).
  await row(carol.page, third).click();
  await expect(row(carol.page, third)).not.toContainText("unread");
  await carol.page.reload();
  await expect(row(carol.page, third)).not.toContainText("unread");
  await expect(row(carol.page, other)).toContainText("1 unread");
  await alice.page.reload();
  await expect(row(alice.page, other)).not.toContainText("unread");
  await alice.context.close();
  await carol.context.close();
});

test("relative times tick over without a reload", async ({ browser, baseURL, request }) => {
  const context = await browser.newContext({ baseURL });
  await signInByApi(context.request, "alice@acme.test");
  const page = await context.newPage();
  await page.clock.install();
  await page.goto("/");
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  const text = unique("Tick tock");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  const time = row(page, text).locator("time");
  await expect(time).toHaveText("now");
  await page.clock.fastForward("03:05");
  await expect(time).toHaveText("3m");
  await context.close();
});

test("10,000 conversations: the list is windowed and walks the cursor pages as it scrolls", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const total = 10_000;
  const { context, page } = await agentPage(browser, baseURL!, "alice@acme.test");
  const base = Date.parse("2026-01-01T00:00:00Z");
  const requested: (string | null)[] = [];
  await page.route(/\/api\/conversations\?/, async (route) => {
    const url = new URL(route.request().url());
    const cursor = url.searchParams.get("cursor");
    requested.push(cursor);
    const from = Number(cursor ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 50);
    const conversations = Array.from({ length: Math.min(limit, total - from) }, (_, k) => {
      const i = from + k;
      return {
        id: `bulk-${i}`,
        channel: i % 3 ? "facebook" : "zalo",
        integrationId: "bulk",
        integrationName: "Bulk Page",
        needsReauth: false,
        contact: { id: `bulk-c-${i}`, externalId: String(i), name: `Customer ${i}`, avatarUrl: null },
        lastMessagePreview: `Question number ${i}`,
        lastMessageAt: new Date(base - i * 60_000).toISOString(),
        unreadCount: i % 7 === 0 ? 1 : 0,
        inboundCount: i % 7 === 0 ? 1 : 0,
        reads: {},
        status: "open",
      };
    });
    await route.fulfill({ json: { conversations, nextCursor: from + limit < total ? String(from + limit) : null } });
  });
  await page.reload();
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  const nav = list(page);
  await expect(nav.getByRole("link").filter({ hasText: "Customer 0" }).first()).toBeVisible();
  const scroller = nav.locator(".vlist");

  // Scroll to the end, page after page, until the last conversation shows.
  const last = nav.getByRole("link").filter({ hasText: `Customer ${total - 1}` });
  for (let i = 0; i < 400 && !(await last.isVisible()); i++) {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForTimeout(40);
  }
  await expect(last).toBeVisible();
  // Every page, each once (give or take the catch-up fetch when the live connection opens).
  expect(new Set(requested).size).toBe(total / 50);
  expect(requested.length).toBeLessThan(total / 50 + 5);

  // However far down, only a window of rows is in the DOM, and every row is a link with its name.
  expect(await nav.getByRole("link").count()).toBeLessThan(40);
  await scroller.evaluate((el) => el.scrollTo({ top: 5000 * 76 }));
  await expect(nav.getByRole("link").filter({ hasText: "Customer 5000" })).toBeVisible();
  await expect(nav.getByRole("link").filter({ hasText: "Question number 5000" })).toBeVisible();
  expect(await nav.getByRole("link").count()).toBeLessThan(40);
  // The whole height is there to scroll: 10,000 fixed rows.
  expect(await scroller.evaluate((el) => el.scrollHeight)).toBeGreaterThanOrEqual(total * 70);

  // Scrolling through a stretch of rows: each position renders its rows straight away.
  for (let step = 0; step < 20; step++) {
    const index = 2000 + step * 137;
    await scroller.evaluate((el, top) => el.scrollTo({ top }), index * 76);
    await expect(nav.getByRole("link").filter({ hasText: `Question number ${index}` })).toBeVisible();
  }
  await context.close();
});

test("keyboard: J/K and Alt+arrows move between conversations, and the shortcuts are shown", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const older = unique("Keyboard older");
  const newer = unique("Keyboard newer");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: older });
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: newer });
  await expect(list(alice.page).getByRole("link").nth(1)).toContainText(older);
  await expect(list(alice.page)).toContainText("next / previous");

  await alice.page.locator("body").press("j"); // nothing open: J opens the newest
  await expect(row(alice.page, newer)).toHaveAttribute("aria-current", "page");
  await expect(alice.page.getByRole("region", { name: "Messages" })).toContainText(newer);
  await alice.page.locator("body").press("j");
  await expect(row(alice.page, older)).toHaveAttribute("aria-current", "page");
  await expect(alice.page.getByRole("region", { name: "Messages" })).toContainText(older);
  await alice.page.locator("body").press("k");
  await expect(row(alice.page, newer)).toHaveAttribute("aria-current", "page");

  // Alt+↓ works while typing a reply; plain J in the composer is just a letter.
  const composer = alice.page.getByRole("textbox", { name: "Message" });
  await composer.click();
  await composer.press("j");
  await expect(composer).toHaveValue("j");
  await composer.press("Alt+ArrowDown");
  await expect(row(alice.page, older)).toHaveAttribute("aria-current", "page");
  await expect(composer).toHaveValue("");
  // Back again: the unsent draft waited.
  await alice.page.locator("body").press("k");
  await expect(row(alice.page, newer)).toHaveAttribute("aria-current", "page");
  await expect(composer).toHaveValue("j");

  // "/" jumps to search; arrow keys move focus along the list.
  await alice.page.locator("body").click({ position: { x: 700, y: 20 } });
  await alice.page.keyboard.press("/");
  await expect(alice.page.getByRole("searchbox", { name: "Search conversations" })).toBeFocused();
  await row(alice.page, newer).focus();
  await alice.page.keyboard.press("ArrowDown");
  await expect(row(alice.page, older)).toBeFocused();
  await alice.context.close();
});

test("a conversation arriving at the top does not move the rows an agent has scrolled to", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  // Twenty new customers in one signed webhook, a second apart.
  const label = unique("Anchor").replace(" ", "");
  const start = Date.now() - 60_000;
  const items = Array.from({ length: 20 }, (_, i) => ({
    sender: { id: `${psid().slice(0, 12)}${String(i).padStart(4, "0")}` },
    recipient: { id: ACME.facebook.pageId },
    timestamp: start + i * 1000,
    message: { mid: `m_${label}_${i}`, text: `${label} row ${String(i).padStart(2, "0")}` },
  }));
  const body = JSON.stringify({ object: "page", entry: [{ id: ACME.facebook.pageId, time: Date.now(), messaging: items }] });
  const res = await request.post("/webhooks/facebook", {
    data: body,
    headers: { "x-hub-signature-256": signFacebookBody(body, APP_SECRET), "content-type": "application/json" },
  });
  expect(res.status()).toBe(200);
  await expect(row(alice.page, `${label} row 19`)).toBeVisible();

  // Scroll down until that batch's row 12 sits a few rows below the top; note where it is.
  const open = (await (await alice.context.request.get("/api/conversations?status=open&limit=100")).json()) as { conversations: { lastMessagePreview: string }[] };
  const index = open.conversations.findIndex((c) => c.lastMessagePreview === `${label} row 12`);
  expect(index).toBeGreaterThanOrEqual(5);
  const scroller = list(alice.page).locator(".vlist");
  await scroller.evaluate((el, top) => el.scrollTo({ top }), (index - 2) * 76);
  const watched = row(alice.page, `${label} row 12`);
  await expect(watched).toBeInViewport();
  const before = (await watched.boundingBox())!.y;
  const position = () => watched.evaluate((el) => Number(el.closest<HTMLElement>("[data-index]")!.dataset.index));
  const indexBefore = await position();

  // The newcomer goes to the top, above the viewport: row 12 moves down one place in the list,
  // and the list scrolls by exactly that much, so on screen it stays where it was.
  const newcomer = unique("Newcomer at the top");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: newcomer });
  await expect.poll(position).toBe(indexBefore + 1);
  expect(Math.abs((await watched.boundingBox())!.y - before)).toBeLessThan(1);

  // At the very top, a newcomer shows straight away.
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  const second = unique("Second newcomer");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: second });
  await expect(row(alice.page, second)).toBeInViewport();
  await alice.context.close();
});
