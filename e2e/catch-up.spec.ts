import { expect, test, type Page } from "@playwright/test";
import { ACME, agentPage, deliverFacebook, psid, unique } from "./helpers";

// Socket.IO's recovery is off: what a tab missed comes from GET /api/changes after it reconnects.
const list = (page: Page) => page.getByRole("navigation", { name: "Conversations" });
const messages = (page: Page) => page.getByRole("region", { name: "Messages" });
const bubble = (page: Page, text: string) => messages(page).getByRole("article").filter({ hasText: text });

test("a tab that was offline catches up the open thread and the list, each message once, without a reload", async ({ browser, baseURL, request }) => {
  const { context, page } = await agentPage(browser, baseURL!, "alice@acme.test");
  const customer = psid();
  const first = unique("Catch-up first");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: customer, text: first });
  await list(page).getByRole("link").filter({ hasText: first }).click();
  await expect(bubble(page, first)).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByRole("status", { name: /Live updates:/ })).toHaveText(/Offline|Reconnecting/);
  const missed = [unique("Missed one"), unique("Missed two")];
  for (const text of missed) await deliverFacebook(request, { to: ACME.facebook.pageId, from: customer, text });
  const other = unique("Another customer while offline");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: other });
  const requests: string[] = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await context.setOffline(false);

  await expect(page.getByRole("status", { name: /Live updates:/ })).toHaveText("Live", { timeout: 15_000 });
  for (const text of missed) await expect(bubble(page, text)).toHaveCount(1);
  await expect(list(page).getByRole("link").filter({ hasText: other })).toBeVisible();
  await expect(list(page).getByRole("link").first()).toContainText(other);
  // Caught up by the change feed, not by reloading every list and thread.
  expect(requests).toContain("/api/changes");
  expect(requests.filter((p) => p === "/api/conversations")).toEqual([]);
  await context.close();
});
