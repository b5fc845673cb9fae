import { expect, test } from "@playwright/test";
import { signFacebookBody } from "../lib/channels/facebook/verify-signature";
import { ACME, APP_SECRET, deliverFacebook, psid, signInByApi, unique } from "./helpers";
import { E2E_EXTRA_PAGE } from "./extra-page";

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

test("what the server refuses, and what a platform says, reach a Vietnamese admin in Vietnamese (the platform's own words quoted)", async ({ browser, baseURL, request }) => {
  // A platform notice, as Messenger sends it: its kind and action are ours to say, its reason is Facebook's words.
  const said = unique("The page was blocked for sending spam");
  const body = JSON.stringify({
    object: "page",
    entry: [{ id: ACME.facebook.pageId, time: Date.now(), messaging: [{ recipient: { id: ACME.facebook.pageId }, timestamp: Date.now(), policy_enforcement: { action: "block", reason: said } }] }],
  });
  const res = await request.post("/webhooks/facebook", { data: body, headers: { "x-hub-signature-256": signFacebookBody(body, APP_SECRET), "content-type": "application/json" } });
  expect(res.status()).toBe(200);

  const context = await browser.newContext({ baseURL, locale: "vi-VN" });
  await signInByApi(context.request, "alice@acme.test", baseURL);
  const page = await context.newPage();

  // Settings → Team: the last admin cannot make herself an agent.
  await page.goto("/settings/team");
  const role = page.getByRole("combobox", { name: "Vai trò của Alice Nguyen" });
  await expect(page.getByRole("button", { name: "Tạo liên kết mời" })).toBeEnabled();
  await role.selectOption("agent");
  await expect(page.locator("main").getByRole("alert")).toHaveText("Tài khoản cần ít nhất một quản trị viên: hãy đặt người khác làm quản trị viên trước.");
  await expect(role).toHaveValue("admin");

  // Settings → Canned replies: a shortcut already in use.
  await page.goto("/settings/canned");
  const shortcut = `trung${Date.now().toString(36)}`;
  const add = page.getByRole("region", { name: "Thêm câu trả lời mẫu" });
  for (const text of ["Cảm ơn anh/chị", "Cảm ơn lần nữa"]) {
    await add.getByLabel("Phím tắt").fill(shortcut);
    await add.getByLabel("Nội dung").fill(text);
    await add.getByRole("button", { name: "Thêm câu trả lời mẫu" }).click();
    if (text.endsWith("anh/chị")) await expect(page.getByRole("list", { name: "Câu trả lời mẫu" }).getByRole("listitem", { name: `/${shortcut}` })).toBeVisible();
  }
  await expect(page.locator("main").getByRole("alert")).toHaveText(`Phím tắt /${shortcut} đã được dùng.`);

  // Settings → Channels: Graph refuses a wrong page token; our sentence in Vietnamese, Graph's words quoted as Graph's.
  await page.goto("/settings/channels");
  const form = page.getByRole("region", { name: "Kết nối trang Facebook bằng token" });
  await form.getByLabel("ID trang").fill(E2E_EXTRA_PAGE.pageId);
  await form.getByLabel("Tên trong Inbox").fill("Cửa hàng Acme");
  await form.getByLabel("Mã truy cập (access token)").fill("EAAB-not-the-token");
  await form.getByRole("button", { name: "Kết nối", exact: true }).click();
  const refusal = form.getByRole("alert");
  await expect(refusal).toContainText("Kết nối bị từ chối: mã truy cập không được chấp nhận. Lý do từ Facebook: “");
  await expect(refusal).toContainText("Invalid OAuth access token");
  await expect(refusal).not.toContainText("refused the connection");

  // The notice: kind and action in Vietnamese, the reason labelled as Facebook's.
  await expect(page.getByRole("list", { name: "Thông báo từ nền tảng" })).toContainText(`Xử lý vi phạm chính sách (chặn) — Lý do từ Facebook: “${said}”`);
  await context.close();
});
