import { expect, test } from "@playwright/test";
import { agentPage, originHeader, unique } from "./helpers";

test("an admin resets a member's password from Settings → Team: the link sets a new one, signs them in, and ends their old sessions", async ({ browser, baseURL, playwright }) => {
  // A member of Acme only (a fresh one: the demo logins keep their password for the other tests).
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const made = (await (await alice.context.request.post("/api/account/invites", { data: { role: "agent" }, headers: originHeader(baseURL) })).json()) as { url: string };
  const email = `${unique("fran").replace(/\W/g, "")}@acme.test`;
  const api = await playwright.request.newContext({ baseURL });
  const joined = await api.post("/api/invites/accept", { data: { token: made.url.split("/invite/")[1], name: "Fran Le", email, password: "fran-password-1" }, headers: originHeader(baseURL) });
  expect(joined.status()).toBe(201);
  // Fran is signed in somewhere.
  const old = await browser.newContext({ baseURL });
  const oldPage = await old.newPage();
  await oldPage.goto("/login");
  await oldPage.getByLabel("Email").fill(email);
  await oldPage.getByLabel("Password").fill("fran-password-1");
  await oldPage.getByRole("button", { name: "Sign in" }).click();
  await expect(oldPage.getByRole("navigation", { name: "Conversations" })).toBeVisible();

  await alice.page.goto("/settings/team");
  await alice.page.getByRole("button", { name: "Reset password of Fran Le" }).click();
  const link = await alice.page.getByRole("textbox", { name: /Password reset link for Fran Le/ }).inputValue();
  expect(link).toContain("/reset/");

  const fresh = await browser.newContext({ baseURL });
  const page = await fresh.newPage();
  await page.goto(link.replace(/^https?:\/\/[^/]+/, baseURL!));
  await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("fran-new-password-2");
  await page.getByLabel("Type it again").fill("fran-new-password-2");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();

  // The old browser's session is over, and the login page says why.
  await oldPage.goto("/login");
  await expect(oldPage.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  // The link is spent; the audit list says who did what.
  await page.goto(link.replace(/^https?:\/\/[^/]+/, baseURL!));
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await alice.page.reload();
  await expect(alice.page.getByRole("list", { name: "Recent changes" })).toContainText("made a password reset link for Fran Le");
  for (const c of [alice.context, old, fresh]) await c.close();
  await api.dispose();
});

test("availability from the agent menu shows in Settings → Team; auto-assignment is an admin's switch", async ({ browser, baseURL }) => {
  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  await carol.page.getByRole("button", { name: /Account menu/ }).click();
  await carol.page.getByRole("button", { name: "Available: set yourself away" }).click();
  await expect(carol.page.getByRole("button", { name: "Away: set yourself available" })).toBeVisible();

  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  await alice.page.goto("/settings/team");
  await expect(alice.page.getByRole("list", { name: "Members" }).getByRole("listitem").filter({ hasText: "Carol Tran" })).toContainText("Away");
  const toggle = alice.page.getByRole("checkbox", { name: /Give new conversations to available members/ });
  await expect(toggle).not.toBeChecked();
  // Each change reloads the page with the server's state.
  await toggle.click();
  await expect(alice.page.getByRole("checkbox", { name: /Give new conversations to available members/ })).toBeChecked();
  await expect(alice.page.getByRole("list", { name: "Recent changes" })).toContainText("turned auto-assignment on");
  await alice.page.getByRole("checkbox", { name: /Give new conversations to available members/ }).click();
  await expect(alice.page.getByRole("checkbox", { name: /Give new conversations to available members/ })).not.toBeChecked();
  await expect(alice.page.getByRole("list", { name: "Recent changes" })).toContainText("turned auto-assignment off");
  // An agent has neither the page nor the switch.
  expect((await carol.page.request.patch("/api/account/settings", { data: { autoAssign: true }, headers: originHeader(baseURL) })).status()).toBe(403);

  await carol.page.getByRole("button", { name: "Away: set yourself available" }).click();
  await expect(carol.page.getByRole("button", { name: "Available: set yourself away" })).toBeVisible();
  for (const c of [alice.context, carol.context]) await c.close();
});
