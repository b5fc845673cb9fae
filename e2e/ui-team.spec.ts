import { expect, test } from "@playwright/test";
import { agentPage, originHeader, unique } from "./helpers";

test("an admin invites a colleague from Settings → Team; the link, opened in a fresh browser, makes them an agent who lands in the inbox; agents see no settings", async ({ browser, baseURL }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  await alice.page.getByRole("link", { name: "Settings" }).click();
  await alice.page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Team" }).click();
  await expect(alice.page.getByRole("heading", { name: "Team" })).toBeVisible();
  await expect(alice.page.getByRole("list", { name: "Members" })).toContainText("Carol Tran");
  await alice.page.getByRole("button", { name: "Create invite link" }).click();
  const link = await alice.page.getByRole("textbox", { name: "Invite link" }).inputValue();
  expect(link).toContain("/invite/");

  const fresh = await browser.newContext();
  const page = await fresh.newPage();
  await page.goto(link.replace(/^https?:\/\/[^/]+/, baseURL!));
  await expect(page.getByRole("heading", { name: "Join Acme on Inbox" })).toBeVisible();
  const email = `${unique("erin").replace(/\W/g, "")}@acme.test`;
  await page.getByLabel("Your name").fill("Erin Vo");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("erin-password-123");
  await page.getByRole("button", { name: "Join Acme" }).click();
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Erin Vo/ })).toBeVisible();
  // An agent: no Settings link, and the pages and routes refuse.
  await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);
  expect((await page.goto("/settings/team"))?.status()).toBe(404);
  expect((await page.request.post("/api/account/invites", { data: { role: "admin" }, headers: originHeader(baseURL) })).status()).toBe(403);

  // The link is spent.
  const again = await browser.newContext();
  const second = await again.newPage();
  await second.goto(link.replace(/^https?:\/\/[^/]+/, baseURL!));
  await expect(second.getByRole("heading", { name: "This invite link does not work" })).toBeVisible();

  // Alice sees the newcomer and the audit line.
  await alice.page.reload();
  await expect(alice.page.getByRole("list", { name: "Members" })).toContainText("Erin Vo");
  await expect(alice.page.getByRole("list", { name: "Recent changes" })).toContainText("Erin Vo joined as agent");
  for (const c of [alice.context, fresh, again]) await c.close();
});
