import { expect, test } from "@playwright/test";
import { e2eDatabases } from "../playwright.config";
import { ACME, agentPage, deliverFacebook, psid, unique } from "./helpers";

// Two `server.ts` processes on two ports, sharing PostgreSQL and Redis.
const [nodeA, nodeB] = e2eDatabases.multinode.ports.map((p) => `http://localhost:${p}`) as [string, string];

test("both nodes report Redis in their health", async ({ request }) => {
  for (const node of [nodeA, nodeB]) {
    const res = await request.get(`${node}/api/health`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok", redis: "ok" });
  }
});

test("a webhook landing on node A reaches the account's agents on node B, and nobody else", async ({ browser, request }) => {
  const alice = await agentPage(browser, nodeA, "alice@acme.test");
  const carol = await agentPage(browser, nodeB, "carol@acme.test");
  const bob = await agentPage(browser, nodeB, "bob@globex.test");
  const text = unique("Landed on node A");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text }, nodeA);
  await expect(alice.page.getByRole("link").filter({ hasText: text })).toBeVisible();
  await expect(carol.page.getByRole("link").filter({ hasText: text })).toBeVisible();
  await bob.page.waitForTimeout(1000);
  await expect(bob.page.getByRole("navigation", { name: "Conversations" })).not.toContainText(text);
  for (const a of [alice, carol, bob]) await a.context.close();
});

test("signing out on node A cuts the same session's tab on node B, and node B refuses the token", async ({ browser }) => {
  const carol = await agentPage(browser, nodeA, "carol@acme.test");
  // Cookies are per host, not per port: the same session opens a tab on node B.
  const tabOnB = await carol.context.newPage();
  await tabOnB.goto(`${nodeB}/`);
  await expect(tabOnB.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  await carol.page.getByRole("button", { name: "Account menu" }).click();
  await carol.page.getByRole("button", { name: "Sign out" }).click();
  await expect(carol.page).toHaveURL(/\/login/);
  await expect(tabOnB).toHaveURL(/\/login/, { timeout: 5_000 });
  expect((await carol.context.request.get(`${nodeB}/api/conversations`)).status()).toBe(401);
  await carol.context.close();
});
