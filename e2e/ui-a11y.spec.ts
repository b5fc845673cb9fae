import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ACME, FAKE_PLATFORM, deliverFacebook, psid, signInByApi, unique } from "./helpers";

// WCAG 2.1 A and AA, plus axe's best practices (landmarks, headings, region).
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.map((v) => ({ rule: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`the login page passes axe (${colorScheme})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme });
    const page = await context.newPage();
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    // The error state too.
    await page.getByLabel("Email").fill("alice@acme.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    // Next's route announcer is an (empty) alert too: the form's is the one with words.
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  test(`the inbox with a conversation open passes axe (${colorScheme})`, async ({ browser, baseURL, request }) => {
    const context = await browser.newContext({ baseURL, colorScheme, viewport: { width: 1440, height: 900 } });
    await signInByApi(context.request, "alice@acme.test");
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
    const text = unique("Accessible question");
    const from = psid();
    await deliverFacebook(request, { to: ACME.facebook.pageId, from, text });
    await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: unique("Another unread one") });
    await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text }).click();
    const composer = page.getByRole("textbox", { name: "Message" });
    // A sent reply and a failed one (with its Retry), so every bubble style is checked.
    const sent = unique("A sent reply");
    await composer.fill(sent);
    await composer.press("Enter");
    const thread = page.getByRole("region", { name: "Messages" });
    await expect(thread.getByRole("article").filter({ hasText: sent })).toContainText("Sent");
    await request.post(`${FAKE_PLATFORM}/__fail`, {
      data: { platform: "facebook", answer: { status: 400, body: { error: { message: "(#10) outside window", code: 10 } } } },
    });
    const failed = unique("A failed reply");
    await composer.fill(failed);
    await composer.press("Enter");
    await expect(thread.getByRole("article").filter({ hasText: failed }).getByRole("button", { name: "Retry" })).toBeVisible();
    expect(await violations(page)).toEqual([]);

    // With the agent menu open, in the resolved state and in the narrow layout.
    await page.getByRole("button", { name: "Account menu" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    // With a reply not sent, Resolve asks first: the question is checked too.
    await page.getByRole("button", { name: "Resolve", exact: true }).click();
    await expect(page.getByRole("alertdialog", { name: "Resolve with a reply not sent?" })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByRole("button", { name: "Resolve anyway" }).click();
    await expect(page.getByRole("button", { name: "Reopen", exact: true })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole("button", { name: "Back to conversations" })).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByRole("button", { name: "Back to conversations" }).click();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
}
