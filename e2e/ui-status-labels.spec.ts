import { expect, test, type Page } from "@playwright/test";
import { ACME, deliverFacebook, psid, teamPages, unique } from "./helpers";

const list = (page: Page) => page.getByRole("navigation", { name: "Conversations" });
const row = (page: Page, text: string) => list(page).getByRole("link").filter({ hasText: text });
const statusFilter = (page: Page, name: string) => list(page).getByRole("radio", { name, exact: true });

test("Alice snoozes a conversation: it leaves Open for the team, and the customer's next message wakes it live", async ({ browser, baseURL, request }) => {
  const [alice, carol, bob] = await teamPages(browser, baseURL!);
  const customer = psid();
  const text = unique("Snooze me");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: customer, text });
  await row(alice.page, text).click();
  await expect(row(carol.page, text)).toBeVisible();

  const statusButton = alice.page.getByRole("button", { name: "Status: Open" });
  await statusButton.click();
  const menu = alice.page.getByRole("menu", { name: "Status: Open" });
  await expect(menu.getByRole("menuitem", { name: "Snooze: Tomorrow" })).toBeVisible();
  // Keyboard: the first item has focus; Escape closes and gives focus back.
  await alice.page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(statusButton).toBeFocused();
  await statusButton.click();
  await alice.page.getByRole("menuitem", { name: "Snooze: 1 hour" }).click();

  // The thread says so; it leaves the Open view for both agents, live.
  await expect(alice.page.getByRole("button", { name: "Status: Snoozed" })).toBeVisible();
  await expect(alice.page.getByRole("status").filter({ hasText: /Snoozed until/ })).toBeVisible();
  await expect(alice.page.getByRole("region", { name: "Messages" })).toContainText("Alice Nguyen snoozed this until");
  await expect(row(alice.page, text)).toHaveCount(0);
  await expect(row(carol.page, text)).toHaveCount(0);
  await statusFilter(carol.page, "Snoozed").check();
  await expect(row(carol.page, text)).toContainText("Snoozed until");

  // The customer writes: open again for everyone, without a reload.
  const again = unique("I am back");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: customer, text: again });
  await expect(row(alice.page, again)).toBeVisible();
  await expect(row(carol.page, again)).toHaveCount(0); // Carol still looks at Snoozed
  await statusFilter(carol.page, "Open").check();
  await expect(row(carol.page, again)).toBeVisible();
  await expect(alice.page.getByRole("button", { name: "Status: Open" })).toBeVisible();
  await expect(alice.page.getByRole("region", { name: "Messages" })).toContainText("Woke up: the customer wrote");

  // Pending: waits on the customer; the Pending view lists it.
  await alice.page.getByRole("button", { name: "Status: Open" }).click();
  await alice.page.getByRole("menuitem", { name: "Mark pending" }).click();
  await statusFilter(carol.page, "Pending").check();
  await expect(row(carol.page, again)).toContainText("Pending");
  await expect(list(bob.page)).not.toContainText(text);
  await expect(list(bob.page)).not.toContainText(again);
  for (const a of [alice, carol, bob]) await a.context.close();
});

test("Alice adds a label in Settings, labels a conversation; Carol sees it live and filters by it; Bob of Globex sees nothing", async ({ browser, baseURL, request }) => {
  const [alice, carol, bob] = await teamPages(browser, baseURL!);
  const name = unique("VIP");
  // Settings → Labels, reached from the settings navigation.
  const settings = await alice.context.newPage();
  await settings.goto("/settings/team");
  await settings.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Labels" }).click();
  await expect(settings.getByRole("heading", { name: "Labels", level: 1 })).toBeVisible();
  await settings.getByRole("textbox", { name: "Label name" }).fill(name);
  await settings.getByRole("combobox", { name: "Label color" }).selectOption("purple");
  await settings.getByRole("button", { name: "Add label" }).click();
  await expect(settings.getByRole("list", { name: "Labels" }).getByRole("listitem", { name })).toBeVisible();
  await settings.close();
  // Carol (an agent) has no labels page.
  expect((await carol.page.request.get("/settings/labels")).status()).toBe(404);

  const labelled = unique("Label me");
  const other = unique("Not me");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: other });
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: labelled });
  await row(alice.page, labelled).click();
  await alice.page.getByRole("button", { name: "Labels" }).click();
  const box = alice.page.getByRole("menuitemcheckbox", { name });
  await box.click();
  await expect(box).toHaveAttribute("aria-checked", "true");
  await alice.page.keyboard.press("Escape");

  // Live for Carol, as a chip on the row.
  await expect(row(carol.page, labelled).getByLabel(`Labels: ${name}`)).toBeVisible();
  await expect(row(alice.page, labelled).getByLabel(`Labels: ${name}`)).toBeVisible();
  // Filter by it.
  await carol.page.getByRole("combobox", { name: "Label" }).selectOption({ label: name });
  await expect(row(carol.page, labelled)).toBeVisible();
  await expect(row(carol.page, other)).toHaveCount(0);
  // Carol takes it off from the header: it leaves her filtered list live.
  await row(carol.page, labelled).click();
  await carol.page.getByRole("button", { name: "Labels" }).click();
  await carol.page.getByRole("menuitemcheckbox", { name }).click();
  await expect(row(carol.page, labelled)).toHaveCount(0);
  await expect(row(alice.page, labelled).getByLabel(`Labels: ${name}`)).toHaveCount(0);

  // Bob: none of it, not even the label's name.
  await expect(list(bob.page)).not.toContainText(labelled);
  await expect(bob.page.getByRole("combobox", { name: "Label" }).getByRole("option", { name })).toHaveCount(0);
  const bobLabels = (await (await bob.page.request.get("/api/labels")).json()) as { labels: { name: string }[] };
  expect(bobLabels.labels.map((l) => l.name)).not.toContain(name);
  for (const a of [alice, carol, bob]) await a.context.close();
});
