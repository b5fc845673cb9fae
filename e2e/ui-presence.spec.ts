import { expect, test } from "@playwright/test";
import { ACME, deliverFacebook, psid, teamPages, unique } from "./helpers";

test("colleagues in a conversation: Carol sees Alice viewing, then typing; gone within seconds when Alice's tab closes; Bob sees nothing", async ({ browser, baseURL, request }) => {
  const [alice, carol, bob] = await teamPages(browser, baseURL!);
  const text = unique("Anyone there");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  const open = (p: typeof alice.page) => p.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text }).click();
  await open(carol.page);
  await open(alice.page);
  const here = carol.page.getByRole("status", { name: "Colleagues here" });
  await expect(here).toHaveText("Alice Nguyen is viewing");
  // And the other way round: Alice learns Carol was already there.
  await expect(alice.page.getByRole("status", { name: "Colleagues here" })).toHaveText("Carol Tran is viewing");

  await alice.page.getByRole("textbox", { name: "Message" }).pressSequentially("Let me check", { delay: 20 });
  await expect(here).toHaveText("Alice Nguyen is typing…");
  await alice.context.close();
  await expect(here).toHaveCount(0, { timeout: 5000 });
  await expect(bob.page.locator("body")).not.toContainText("Alice Nguyen");
  await carol.context.close();
  await bob.context.close();
});
