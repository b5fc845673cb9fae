import { expect, test } from "@playwright/test";
import { agentPage } from "./helpers";
import { E2E_EXTRA_PAGE } from "./extra-page";

test("an admin connects a Facebook page with its token from Settings → Channels, renames it and disconnects it; agents get no page", async ({ browser, baseURL }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const page = alice.page;
  await page.goto("/settings/channels");
  const form = page.getByRole("region", { name: "Connect a Facebook page with its token" });
  await form.getByLabel("Page ID").fill(E2E_EXTRA_PAGE.pageId);
  await form.getByLabel("Name in Inbox").fill("Acme Outlet");
  await form.getByLabel("Access token").fill("EAAB-not-the-token");
  await form.getByRole("button", { name: "Connect" }).click();
  // Graph's own reason, and nothing connected.
  await expect(form.getByRole("alert")).toContainText("Invalid OAuth access token");
  const list = page.getByRole("list", { name: "Connected channels" });
  await expect(list).not.toContainText("Acme Outlet");

  await form.getByLabel("Access token").fill(E2E_EXTRA_PAGE.token);
  await form.getByRole("button", { name: "Connect" }).click();
  const row = list.getByRole("listitem", { name: /Acme Outlet/ });
  await expect(row).toContainText("Connected");

  await row.getByRole("button", { name: "Rename" }).click();
  await row.getByLabel("Name").fill("Acme Outlet Hà Nội");
  await row.getByRole("button", { name: "Save name" }).click();
  const renamed = list.getByRole("listitem", { name: /Acme Outlet Hà Nội/ });
  await expect(renamed).toBeVisible();

  await renamed.getByRole("button", { name: "Disconnect" }).click();
  const confirm = renamed.getByRole("alertdialog", { name: "Disconnect Acme Outlet Hà Nội?" });
  await confirm.getByRole("button", { name: "Disconnect Acme Outlet Hà Nội" }).click();
  await expect(renamed).toContainText("Disconnected");

  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  expect((await carol.page.goto("/settings/channels"))?.status()).toBe(404);
  for (const c of [alice.context, carol.context]) await c.close();
});
