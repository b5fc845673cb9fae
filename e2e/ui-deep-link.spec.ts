import { expect, test } from "@playwright/test";
import { ACME, agentPage, deliverFacebook, originHeader, psid, unique } from "./helpers";

type Listed = { id: string; lastMessagePreview: string };

// Bug 1 of issue 12: a link to a conversation that is on no loaded page of the list opened nothing.
test("a link to a conversation outside the current view opens it; a bad or foreign link says so", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const text = unique("Deep link");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  const res = await alice.page.request.get(`/api/conversations?status=all&q=${encodeURIComponent(text)}`);
  const hit = ((await res.json()) as { conversations: Listed[] }).conversations.find((c) => c.lastMessagePreview.includes(text))!;
  // Resolved: the default Open view does not list it.
  expect((await alice.page.request.post(`/api/conversations/${hit.id}/status`, { data: { status: "resolved" }, headers: originHeader(baseURL) })).ok()).toBe(true);

  await alice.page.goto(`/?c=${hit.id}`);
  const messages = alice.page.getByRole("region", { name: "Messages" });
  await expect(messages).toContainText(text);
  await expect(alice.page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text })).toHaveCount(0);
  // A reload keeps it open.
  await alice.page.reload();
  await expect(messages).toContainText(text);

  await alice.page.goto("/?c=cnosuchconversation00000000");
  await expect(alice.page.getByRole("heading", { name: "Conversation not found" })).toBeVisible();

  // Another account's agent following Alice's link learns nothing of it.
  const bob = await agentPage(browser, baseURL!, "bob@globex.test");
  await bob.page.goto(`/?c=${hit.id}`);
  await expect(bob.page.getByRole("heading", { name: "Conversation not found" })).toBeVisible();
  await expect(bob.page.locator("body")).not.toContainText(text);
  expect((await bob.page.request.get(`/api/conversations/${hit.id}`)).status()).toBe(404);
  await alice.context.close();
  await bob.context.close();
});
