import { expect, test } from "@playwright/test";
import { ACME, deliverFacebook, platformCalls, psid, teamPages, unique } from "./helpers";

test("a private note: written from the composer's Private note toggle, seen live by a colleague, never sent, never seen by another account", async ({ browser, baseURL, request }) => {
  const [alice, carol, bob] = await teamPages(browser, baseURL!);
  const text = unique("Needs a refund");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  for (const a of [alice, carol]) await a.page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text }).click();

  const noteText = unique("Refund approved by finance");
  const toggle = alice.page.getByRole("button", { name: "Private note" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await alice.page.getByRole("textbox", { name: "Message" }).fill(noteText);
  await alice.page.getByRole("button", { name: "Add note" }).click();

  for (const a of [alice, carol]) {
    const note = a.page.getByRole("region", { name: "Messages" }).getByRole("article", { name: "Private note" }).filter({ hasText: noteText });
    await expect(note).toBeVisible();
    await expect(note).toContainText("Alice Nguyen");
    await expect(note).not.toContainText("Sent");
  }
  // The platform never heard of it.
  const { calls } = await platformCalls(request);
  expect(calls.filter((c) => JSON.stringify(c.body ?? "").includes(noteText))).toEqual([]);
  // The list still shows the customer's words, not the note.
  await expect(carol.page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text })).toBeVisible();
  await expect(bob.page.locator("body")).not.toContainText(noteText);

  // Back to replying: a reply shows who sent it.
  await toggle.click();
  const reply = unique("We are on it");
  await alice.page.getByRole("textbox", { name: "Message" }).fill(reply);
  await alice.page.getByRole("button", { name: "Send" }).click();
  await expect(carol.page.getByRole("region", { name: "Messages" }).getByRole("article", { name: "Agent message" }).filter({ hasText: reply })).toContainText("Alice Nguyen");
  for (const a of [alice, carol, bob]) await a.context.close();
});
