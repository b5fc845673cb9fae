import { expect, test } from "@playwright/test";

test("a Vietnamese browser gets the Vietnamese UI; the switch changes it and is remembered", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { name: "Đăng nhập Inbox" })).toBeVisible();
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Mật khẩu").fill("not-the-password");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Sai email hoặc mật khẩu." })).toBeVisible();

  // English from the switch; a new page of the same browser stays English.
  await page.getByLabel("Ngôn ngữ").selectOption("en");
  await expect(page.getByRole("heading", { name: "Sign in to Inbox" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const again = await context.newPage();
  await again.goto("/login");
  await expect(again.getByRole("heading", { name: "Sign in to Inbox" })).toBeVisible();
  await again.getByLabel("Language").selectOption("vi");
  await expect(again.getByRole("heading", { name: "Đăng nhập Inbox" })).toBeVisible();
  await context.close();
});

test("an English browser gets English; a dead invite or reset link says so in the page's language", async ({ browser, baseURL }) => {
  const en = await browser.newContext({ baseURL, locale: "en-US" });
  const page = await en.newPage();
  await page.goto("/reset/not-a-real-token-0123456789");
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  const vi = await browser.newContext({ baseURL, locale: "vi-VN" });
  const viPage = await vi.newPage();
  await viPage.goto("/invite/not-a-real-token-0123456789");
  await expect(viPage.getByRole("heading", { name: "Liên kết mời này không dùng được" })).toBeVisible();
  await en.close();
  await vi.close();
});
