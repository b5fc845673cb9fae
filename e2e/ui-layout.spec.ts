import { expect, test, type Page } from "@playwright/test";
import { ACME, GLOBEX, agentPage, deliverFacebook, psid, signInByApi, unique } from "./helpers";

const list = (page: Page) => page.getByRole("navigation", { name: "Conversations" });
const row = (page: Page, text: string) => list(page).getByRole("link").filter({ hasText: text });

async function signedInPage(browser: import("@playwright/test").Browser, baseURL: string, email: string, options: Parameters<typeof browser.newContext>[0] = {}) {
  const context = await browser.newContext({ baseURL, ...options });
  await signInByApi(context.request, email);
  const page = await context.newPage();
  await page.goto("/");
  await expect(list(page)).toBeVisible();
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  return { context, page };
}

test("desktop: three panes, the account's name, the agent's menu (Escape closes it)", async ({ browser, baseURL, request }) => {
  const { context, page } = await signedInPage(browser, baseURL!, "alice@acme.test", { viewport: { width: 1440, height: 900 } });
  const text = unique("Three panes");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await row(page, text).click();
  const nav = (await list(page).boundingBox())!;
  const main = (await page.getByRole("region", { name: /^Conversation with/ }).boundingBox())!;
  const details = page.getByRole("region", { name: "Contact details" });
  await expect(details).toBeVisible();
  const aside = (await details.boundingBox())!;
  expect(nav.x + nav.width).toBeLessThanOrEqual(main.x + 1);
  expect(main.x + main.width).toBeLessThanOrEqual(aside.x + 1);
  await expect(page.getByRole("banner")).toContainText("Acme");
  await expect(details).toContainText("Acme Page");

  const menuButton = page.getByRole("button", { name: "Account menu" });
  await expect(menuButton).toContainText("Alice Nguyen");
  await menuButton.click();
  await expect(menuButton).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText("alice@acme.test")).toBeVisible();
  const signOut = page.getByRole("button", { name: "Sign out" });
  await expect(signOut).toBeVisible();
  // The menu's first item: the agent's availability (then the account switch, language, sign out).
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Available: set yourself away" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(signOut).toBeHidden();
  await expect(menuButton).toBeFocused();
  await expect(menuButton).toHaveAttribute("aria-expanded", "false");

  // Medium width: the details pane gives way; list and thread stay side by side.
  await page.setViewportSize({ width: 1000, height: 800 });
  await expect(details).toBeHidden();
  await expect(list(page)).toBeVisible();
  await expect(page.getByRole("region", { name: "Messages" })).toBeVisible();
  await context.close();
});

test("narrow window: one pane at a time, with a way back", async ({ browser, baseURL, request }) => {
  const { context, page } = await signedInPage(browser, baseURL!, "alice@acme.test", { viewport: { width: 390, height: 844 }, hasTouch: true });
  const text = unique("Small screen");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await expect(row(page, text)).toBeVisible();
  await expect(page.getByRole("region", { name: /^Conversation/ })).toBeHidden();
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await row(page, text).click();
  await expect(list(page)).toBeHidden();
  await expect(page.getByRole("region", { name: "Messages" })).toContainText(text);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByRole("button", { name: "Back to conversations" }).click();
  await expect(row(page, text)).toBeVisible();
  await expect(page.getByRole("region", { name: /^Conversation/ })).toBeHidden();
  await context.close();
});

test("the connection indicator shows live, offline or reconnecting, and catches up", async ({ browser, baseURL, request }) => {
  const { context, page } = await signedInPage(browser, baseURL!, "alice@acme.test");
  const indicator = page.getByRole("status", { name: /Live updates:/ });
  await expect(indicator).toHaveText("Live");
  await context.setOffline(true);
  await expect(indicator).toHaveText(/Offline|Reconnecting/);
  await expect(indicator).toHaveAttribute("title", /Missed messages load when/);
  const text = unique("While the agent was offline");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await context.setOffline(false);
  await expect(indicator).toHaveText("Live", { timeout: 15_000 });
  await expect(row(page, text)).toBeVisible();
  await context.close();
});

test("light and dark themes follow the system setting", async ({ browser, baseURL }) => {
  const luminance = (page: Page, selector: string) =>
    page.locator(selector).first().evaluate((el) => {
      const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+(\.\d+)?/g)!.map(Number) as [number, number, number];
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    });
  const light = await signedInPage(browser, baseURL!, "alice@acme.test", { colorScheme: "light" });
  expect(await luminance(light.page, "body")).toBeGreaterThan(0.8);
  expect(await luminance(light.page, ".list-pane")).toBeGreaterThan(0.8);
  const dark = await signedInPage(browser, baseURL!, "alice@acme.test", { colorScheme: "dark" });
  expect(await luminance(dark.page, "body")).toBeLessThan(0.15);
  expect(await luminance(dark.page, ".list-pane")).toBeLessThan(0.15);
  const text = await dark.page.locator("body").evaluate((el) => getComputedStyle(el).color);
  expect(text).not.toBe("rgb(0, 0, 0)");
  // The theme switches live when the system setting does.
  await dark.page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => luminance(dark.page, "body")).toBeGreaterThan(0.8);
  await light.context.close();
  await dark.context.close();
});

test("two accounts side by side: Bob never sees Acme's conversations, live or by search", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const bob = await agentPage(browser, baseURL!, "bob@globex.test");
  await expect(bob.page.getByRole("banner")).toContainText("Globex");
  const acmeText = unique("Acme only");
  const globexText = unique("Globex only");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: acmeText });
  await deliverFacebook(request, { to: GLOBEX.facebook.pageId, from: psid(), text: globexText });
  await expect(row(alice.page, acmeText)).toBeVisible();
  await expect(row(bob.page, globexText)).toBeVisible();
  await expect(list(bob.page)).not.toContainText(acmeText);
  await expect(list(alice.page)).not.toContainText(globexText);

  await bob.page.getByRole("searchbox", { name: "Search conversations" }).fill(acmeText);
  await expect(list(bob.page)).toContainText("No conversations match");
  await bob.page.getByRole("radio", { name: "All" }).check();
  await expect(list(bob.page)).toContainText("No conversations match");
  await expect(list(bob.page).getByRole("link")).toHaveCount(0);
  await alice.context.close();
  await bob.context.close();
});
