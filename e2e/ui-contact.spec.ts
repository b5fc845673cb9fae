import { expect, test, type Page } from "@playwright/test";
import { ACME, deliverFacebook, psid, teamPages, unique } from "./helpers";

const list = (page: Page) => page.getByRole("navigation", { name: "Conversations" });
const row = (page: Page, text: string) => list(page).getByRole("link").filter({ hasText: text });
const panel = (page: Page) => page.getByRole("region", { name: "Contact details" });

test("Alice names a contact and keeps notes and fields: Carol sees them live, Bob sees nothing, and a narrow window opens the panel on demand", async ({ browser, baseURL, request }) => {
  const [alice, carol, bob] = await teamPages(browser, baseURL!);
  const text = unique("Contact panel");
  const name = unique("Chị Lan");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await row(alice.page, text).click();
  await row(carol.page, text).click();

  await panel(alice.page).getByRole("button", { name: "Edit contact" }).click();
  const form = alice.page.getByRole("form", { name: "Edit contact" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Notes").fill("Wholesale buyer.\nWants invoices by email.");
  await form.getByRole("button", { name: "Add field" }).click();
  await form.getByRole("textbox", { name: "Field 1 name" }).fill("Order");
  await form.getByRole("textbox", { name: "Field 1 value" }).fill("#2044");
  await form.getByRole("button", { name: "Save contact" }).click();
  await expect(form).toHaveCount(0);
  await expect(panel(alice.page).getByRole("heading", { name })).toBeVisible();
  await expect(panel(alice.page)).toContainText("Wants invoices by email.");

  // Carol: the list row, the thread heading and the panel follow without a reload.
  await expect(row(carol.page, text)).toContainText(name);
  await expect(carol.page.getByRole("heading", { level: 2, name })).toHaveCount(2);
  await expect(panel(carol.page)).toContainText("Wholesale buyer.");
  await expect(panel(carol.page).getByRole("definition").filter({ hasText: "#2044" })).toBeVisible();
  await expect(list(bob.page)).not.toContainText(name);
  await expect(list(bob.page)).not.toContainText(text);

  // A medium-width window has no room for the panel beside the thread: it opens over it.
  await carol.page.setViewportSize({ width: 900, height: 720 });
  await expect(panel(carol.page)).toBeHidden();
  const toggle = carol.page.getByRole("button", { name: "Contact", exact: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(panel(carol.page)).toBeVisible();
  await expect(panel(carol.page)).toContainText("Wholesale buyer.");
  await panel(carol.page).getByRole("button", { name: "Close" }).click();
  await expect(panel(carol.page)).toBeHidden();
  for (const a of [alice, carol, bob]) await a.context.close();
});
