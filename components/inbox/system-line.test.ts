import { expect, test } from "vitest";
import { systemLineText } from "./system-line";

test("the server's English system lines are said in Vietnamese, names kept", () => {
  expect(systemLineText("Alice Nguyen assigned this to Carol Tran", "vi")).toBe("Alice Nguyen đã giao hội thoại này cho Carol Tran");
  expect(systemLineText("Alice Nguyen took this conversation", "vi")).toBe("Alice Nguyen đã nhận hội thoại này");
  expect(systemLineText("Carol Tran took this over from Alice Nguyen", "vi")).toBe("Carol Tran đã nhận lại hội thoại này từ Alice Nguyen");
  expect(systemLineText("Carol Tran unassigned themselves", "vi")).toBe("Carol Tran đã thôi nhận hội thoại này");
  expect(systemLineText("Alice Nguyen unassigned Carol Tran", "vi")).toBe("Alice Nguyen đã bỏ giao Carol Tran");
  expect(systemLineText("Assigned to Carol Tran automatically (round robin)", "vi")).toBe("Tự động giao cho Carol Tran (xoay vòng)");
  expect(systemLineText("Someone resolved this", "vi")).toBe("Ai đó đã giải quyết hội thoại");
  expect(systemLineText("Woke up: the customer wrote", "vi")).toBe("Hiện lại: khách đã nhắn tin");
  expect(systemLineText("Came from an ad (ref summer)", "vi")).toBe("Đến từ một quảng cáo (ref summer)");
});

test("a snooze's UTC time is shown in the agent's locale; English and unknown lines stay as stored", () => {
  const line = systemLineText("Alice Nguyen snoozed this until 3 Dec 2026, 09:00 UTC", "vi");
  expect(line).toMatch(/^Alice Nguyen đã tạm ẩn hội thoại đến .*thg 12/);
  expect(line).not.toContain("UTC");
  expect(systemLineText("Alice Nguyen snoozed this until 3 Dec 2026, 09:00 UTC", "en")).toBe("Alice Nguyen snoozed this until 3 Dec 2026, 09:00 UTC");
  expect(systemLineText("Something the server says one day", "vi")).toBe("Something the server says one day");
});
