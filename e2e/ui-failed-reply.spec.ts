import { expect, test } from "@playwright/test";
import { ACME, FAKE_PLATFORM, agentPage, deliverFacebook, psid, unique } from "./helpers";

// Issue 12 bug 4: a failed reply looked like an answered conversation, and Resolve said nothing.
test("a reply not sent marks the conversation in the list, and Resolve asks first; Retry clears the mark", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  const text = unique("Unanswered");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  const list = (p: typeof alice.page) => p.getByRole("navigation", { name: "Conversations" });
  await list(alice.page).getByRole("link").filter({ hasText: text }).click();
  await request.post(`${FAKE_PLATFORM}/__fail`, { data: { platform: "facebook", answer: { status: 500, body: { error: { message: "Graph is down", code: 2 } } } } });
  const reply = unique("Will fail");
  await alice.page.getByRole("textbox", { name: "Message" }).fill(reply);
  await alice.page.getByRole("button", { name: "Send" }).click();
  const messages = alice.page.getByRole("region", { name: "Messages" });
  await expect(messages.getByRole("article").filter({ hasText: reply })).toContainText("Failed");
  // The row's preview is now the reply's text.
  const row = (p: typeof alice.page) => list(p).getByRole("link").filter({ hasText: reply });

  // The list says so, in Carol's page too (live); the preview alone no longer looks answered.
  await expect(row(alice.page)).toContainText("Not sent");
  await expect(row(carol.page)).toContainText("Not sent");

  await alice.page.getByRole("button", { name: "Resolve" }).click();
  const confirm = alice.page.getByRole("alertdialog", { name: "Resolve with a reply not sent?" });
  await expect(confirm).toContainText("A reply in this conversation was not sent.");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(alice.page.getByRole("button", { name: "Resolve" })).toBeVisible();

  await messages.getByRole("article").filter({ hasText: reply }).getByRole("button", { name: "Retry" }).click();
  await expect(messages.getByRole("article").filter({ hasText: reply })).toContainText("Sent");
  await expect(row(alice.page)).not.toContainText("Not sent");
  await expect(row(carol.page)).not.toContainText("Not sent");
  // Nothing to warn about now: Resolve resolves.
  await alice.page.getByRole("button", { name: "Resolve" }).click();
  await expect(alice.page.getByRole("alertdialog")).toHaveCount(0);
  await expect(alice.page.getByRole("button", { name: "Reopen" })).toBeVisible();
  await alice.context.close();
  await carol.context.close();
});
