import { expect, test, type Page } from "@playwright/test";
import { ACME, deliverFacebook, psid, teamPages, unique } from "./helpers";

const list = (page: Page) => page.getByRole("navigation", { name: "Conversations" });
const row = (page: Page, text: string) => list(page).getByRole("link").filter({ hasText: text });
const tab = (page: Page, name: string) => page.getByRole("tablist", { name: "Views" }).getByRole("tab", { name });

test("Carol takes a conversation: Alice sees it assigned live, the views Mine / Unassigned / All sort it, Bob sees nothing", async ({ browser, baseURL, request }) => {
  const [alice, carol, bob] = await teamPages(browser, baseURL!);
  const text = unique("Who owns this");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await row(carol.page, text).click();
  await carol.page.getByRole("button", { name: "Assign to me" }).click();
  await expect(carol.page.getByRole("combobox", { name: "Assignee" })).toHaveValue(/.+/);
  await expect(carol.page.getByRole("button", { name: "Assign to me" })).toHaveCount(0);

  // Live in Alice's list, without a reload.
  await expect(row(alice.page, text)).toContainText("Assigned to Carol");
  await tab(alice.page, "Mine").click();
  await expect(tab(alice.page, "Mine")).toHaveAttribute("aria-selected", "true");
  await expect(row(alice.page, text)).toHaveCount(0);
  await tab(alice.page, "Unassigned").click();
  await expect(row(alice.page, text)).toHaveCount(0);
  await tab(alice.page, "All").click();
  await expect(row(alice.page, text)).toBeVisible();

  await tab(carol.page, "Mine").click();
  await expect(row(carol.page, text)).toBeVisible();

  // Alice gives it back to nobody: it leaves Carol's Mine view live and shows in Unassigned.
  await row(alice.page, text).click();
  await alice.page.getByRole("combobox", { name: "Assignee" }).selectOption({ label: "Unassigned" });
  await expect(row(carol.page, text)).toHaveCount(0);
  // The thread says who changed the owner, in order, for everyone looking at it.
  const events = alice.page.getByRole("region", { name: "Messages" }).getByRole("note", { name: "Conversation event" });
  await expect(events).toHaveText([/Carol Tran took this conversation/, /Alice Nguyen unassigned Carol Tran/]);
  await tab(carol.page, "Unassigned").click();
  await expect(row(carol.page, text)).toBeVisible();

  // A takes the open conversation from the keyboard.
  await row(carol.page, text).click();
  await carol.page.keyboard.press("Escape");
  await carol.page.locator("body").press("a");
  await expect(row(carol.page, text)).toHaveCount(0); // assigned now: it leaves the Unassigned view
  await tab(carol.page, "Mine").click();
  await expect(row(carol.page, text)).toBeVisible();

  await expect(list(bob.page)).not.toContainText(text);
  for (const a of [alice, carol, bob]) await a.context.close();
});
