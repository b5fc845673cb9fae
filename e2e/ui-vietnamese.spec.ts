import { expect, test } from "@playwright/test";
import { ACME, deliverFacebook, psid, unique } from "./helpers";

// Words a Vietnamese page must not show in English where an agent works (names and messages aside).
const englishLeftovers = /Assign to me|Private note|Write a reply|Resolved|Unassigned|Conversations|Sign out|Loading|Try again|Snooze|Members|Canned replies/;

test("a Vietnamese agent works in Vietnamese: inbox, thread, composer, status and assignment, settings, dates; the switch goes back to English", async ({ browser, baseURL, request }) => {
  const customer = psid();
  const text = unique("Xin chào, đơn hàng");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: customer, text });

  const context = await browser.newContext({ baseURL, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("alice@acme.test");
  await page.getByLabel("Mật khẩu").fill("demo-password");
  await page.getByRole("button", { name: "Đăng nhập" }).click();

  // The inbox: list, views, filters, live state.
  const list = page.getByRole("navigation", { name: "Hội thoại" });
  await expect(list).toBeVisible();
  await expect(page.getByRole("status", { name: "Cập nhật trực tiếp: Trực tiếp" })).toBeVisible();
  for (const view of ["Của tôi", "Chưa giao", "Tất cả"]) await expect(list.getByRole("tab", { name: view })).toBeVisible();
  for (const status of ["Đang mở", "Đang chờ", "Tạm ẩn", "Đã giải quyết"]) await expect(list.getByRole("radio", { name: status, exact: true })).toBeAttached();
  await expect(page.getByRole("heading", { name: "Chưa mở hội thoại nào" })).toBeVisible();
  await expect(list.getByRole("combobox", { name: "Kênh" })).toContainText("Mọi kênh");

  await page.getByRole("searchbox", { name: "Tìm hội thoại" }).fill(text);
  const row = list.getByRole("link").filter({ hasText: text });
  await expect(row.locator("time")).toHaveText("vừa xong");
  await row.click();

  // The thread and the composer.
  const thread = page.getByRole("region", { name: "Tin nhắn" });
  await expect(thread).toContainText(text);
  await expect(thread).toContainText("Hôm nay");
  await expect(page.getByRole("textbox", { name: "Tin nhắn" })).toHaveAttribute("placeholder", "Viết trả lời…");
  await expect(page.getByRole("button", { name: "Gửi", exact: true })).toBeVisible();
  // What the channel can attach is said in Vietnamese too (not the server's English sentence).
  await expect(page.locator("[title^='Đính kèm tệp']")).toHaveAttribute("title", "Đính kèm tệp (ảnh, video, âm thanh và tệp tối đa 25 MB)");
  await page.getByRole("button", { name: "Ghi chú nội bộ" }).click();
  await expect(page.getByRole("textbox", { name: "Tin nhắn" })).toHaveAttribute("placeholder", "Viết ghi chú nội bộ: chỉ nhóm của bạn thấy");
  await expect(page.getByRole("button", { name: "Thêm ghi chú" })).toBeVisible();
  await page.getByRole("button", { name: "Ghi chú nội bộ" }).click();

  // Assignment and status, with their lines in the thread in Vietnamese.
  await page.getByRole("button", { name: "Giao cho tôi" }).click();
  await expect(thread.getByRole("note", { name: "Sự kiện hội thoại" }).last()).toContainText(/Alice Nguyen đã nhận (lại )?hội thoại này/);
  await expect(page.getByRole("combobox", { name: "Người phụ trách" })).toContainText("Alice Nguyen (bạn)");
  await page.getByRole("button", { name: "Trạng thái: Đang mở" }).click();
  await expect(page.getByRole("menuitem", { name: "Tạm ẩn: Ngày mai" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Giải quyết", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã giải quyết. Tin nhắn mới của khách sẽ mở lại hội thoại." })).toBeVisible();
  await expect(thread.getByRole("note", { name: "Sự kiện hội thoại" }).last()).toContainText("Alice Nguyen đã giải quyết hội thoại");
  await expect(page.getByRole("button", { name: "Mở lại", exact: true })).toBeVisible();

  // Dates in vi: the contact panel's last activity is Intl's Vietnamese ("2 thg 12, 2026").
  await expect(page.getByRole("region", { name: "Thông tin liên hệ" }).locator("time")).toHaveText(/thg \d+/);
  await expect(page.locator("main")).not.toContainText(englishLeftovers);

  // Settings, page by page.
  await page.getByRole("link", { name: "Cài đặt" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kênh" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Đã kết nối" })).toBeVisible();
  // The connect forms' fields too.
  await expect(page.getByLabel("ID trang")).toBeVisible();
  await expect(page.getByLabel("Khóa bí mật (secret key)").first()).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Cài đặt" });
  await nav.getByRole("link", { name: "Nhóm" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nhóm" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Thành viên", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Tạo liên kết mời" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Thay đổi gần đây" })).toBeVisible();
  await expect(page.locator("main")).not.toContainText(/Invite someone|Recent changes|Reset password of|Remove /);
  await nav.getByRole("link", { name: "Câu trả lời mẫu" }).click();
  await expect(page.getByRole("heading", { name: "Thêm câu trả lời mẫu" })).toBeVisible();
  await expect(page.getByLabel("Phím tắt")).toBeVisible();
  await nav.getByRole("link", { name: "Nhãn" }).click();
  await expect(page.getByRole("heading", { name: "Nhãn mới", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Thêm nhãn" })).toBeVisible();
  await expect(page.locator("main")).not.toContainText(englishLeftovers);

  // Back to the inbox, and to English from the account menu: the same screens in English.
  await nav.getByRole("link", { name: "← Quay lại hộp thư" }).click();
  await page.getByRole("button", { name: /Menu tài khoản/ }).click();
  await page.getByLabel("Ngôn ngữ").selectOption("en");
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("tab", { name: "Mine" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Settings" }).or(page.getByRole("link", { name: "Settings" }))).toBeVisible();
  await context.close();
});
