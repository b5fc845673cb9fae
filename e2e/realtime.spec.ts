import { expect, test } from "@playwright/test";
import { ACME, agentPage, deliverFacebook, psid, unique } from "./helpers";

test("two agents of one account both see a message live; the other account's agent does not", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  const bob = await agentPage(browser, baseURL!, "bob@globex.test");
  const text = unique("For the whole Acme team");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await expect(alice.page.getByRole("link").filter({ hasText: text })).toBeVisible();
  await expect(carol.page.getByRole("link").filter({ hasText: text })).toBeVisible();
  await bob.page.waitForTimeout(1000);
  await expect(bob.page.getByRole("navigation", { name: "Conversations" })).not.toContainText(text);
  for (const a of [alice, carol, bob]) await a.context.close();
});

test("signing out in one tab stops the other tab of that session from receiving", async ({ browser, baseURL, request }) => {
  const first = await agentPage(browser, baseURL!, "carol@acme.test");
  const secondTab = await first.context.newPage();
  await secondTab.goto("/");
  await expect(secondTab.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();

  await first.page.getByRole("button", { name: "Account menu" }).click();
  await first.page.getByRole("button", { name: "Sign out" }).click();
  await expect(first.page).toHaveURL(/\/login/);
  // The other tab is cut off by the server and sent to the login page.
  await expect(secondTab).toHaveURL(/\/login/, { timeout: 5_000 });

  const text = unique("After sign-out");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await secondTab.waitForTimeout(500);
  await expect(secondTab.getByText(text)).toHaveCount(0);
  // The old session cookie is refused by the API too.
  expect((await first.context.request.get("/api/conversations")).status()).toBe(401);
  await first.context.close();
});

test("an agent whose connection drops catches up on reconnect", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  await alice.context.setOffline(true);
  await expect(alice.page.getByRole("status", { name: /Live updates: (Offline|Reconnecting)/ })).toBeVisible();
  const text = unique("Sent while you were away");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await alice.page.waitForTimeout(500);
  await alice.context.setOffline(false);
  await expect(alice.page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible({ timeout: 15_000 });
  await expect(alice.page.getByRole("link").filter({ hasText: text })).toBeVisible();
  await alice.context.close();
});
