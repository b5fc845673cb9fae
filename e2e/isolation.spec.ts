import { expect, test } from "@playwright/test";
import { ACME, agentPage, deliverFacebook, deliverZalo, psid, unique } from "./helpers";

test("sign in through the login page lands on the inbox", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  await expect(page.getByText("Acme", { exact: true })).toBeVisible();
});

test("a message to Acme's page appears live for Alice and never for Bob", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const bob = await agentPage(browser, baseURL!, "bob@globex.test");
  const text = unique("Where is my order?");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });

  const aliceList = alice.page.getByRole("navigation", { name: "Conversations" });
  await expect(aliceList.getByRole("link").filter({ hasText: text })).toBeVisible({ timeout: 2_000 });
  await expect(aliceList.getByRole("link").first()).toContainText(text);

  // Not live, not after reload, not through the API.
  const bobList = bob.page.getByRole("navigation", { name: "Conversations" });
  await bob.page.waitForTimeout(1000);
  await expect(bobList).not.toContainText(text);
  await bob.page.reload();
  await expect(bobList).toBeVisible();
  await expect(bobList).not.toContainText(text);
  const bobApi = await (await bob.context.request.get("/api/conversations?status=all")).text();
  expect(bobApi).not.toContain(text);
  const aliceApi = (await (await alice.context.request.get("/api/conversations?status=all")).json()) as { conversations: { id: string; lastMessagePreview: string }[] };
  const id = aliceApi.conversations.find((c) => c.lastMessagePreview === text)!.id;
  expect((await bob.context.request.get(`/api/conversations/${id}/messages`)).status()).toBe(404);

  await alice.context.close();
  await bob.context.close();
});

test("a Zalo message reorders Alice's list live and opens into the Messages region", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const text = unique("Cho mình hỏi giá");
  const from = psid();
  await deliverZalo(request, { to: ACME.zalo.oaId, from, text });
  const row = alice.page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text });
  await expect(row).toBeVisible();
  await row.click();
  await expect(alice.page.getByRole("region", { name: "Messages" })).toContainText(text);
  await alice.context.close();
});
