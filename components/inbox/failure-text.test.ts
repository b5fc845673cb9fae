import { expect, test } from "vitest";
import { failureText, SAID_HERE } from "./failure-text";

test("a reply not sent: our reasons in Vietnamese, a platform's words quoted as the platform's; English as stored", () => {
  const graph = "(#100) No matching user found";
  expect(failureText({ error: graph, errorCode: "100" }, "en")).toBe(graph);
  expect(failureText({ error: graph, errorCode: "100" }, "vi")).toBe(`nền tảng đã từ chối. Lý do từ nền tảng: “${graph}”`);
  expect(failureText({ error: "Not sent: an earlier part of this reply was refused", errorCode: "not_sent" }, "vi")).toBe("một phần trước đó của trả lời này đã bị từ chối");
  expect(failureText({ error: "Facebook refused the reply: its messaging window has closed.", errorCode: "outside_window" }, "vi")).not.toContain("Facebook refused");
  expect(failureText({ error: "fetch failed", errorCode: "timeout" }, "vi")).toBe("nền tảng không trả lời (fetch failed)");
  expect(failureText({ error: "Facebook cannot send .exe files", errorCode: "attachment_refused" }, "vi")).toBe("Không gửi được tệp này qua kênh này.");
  // Written by this browser in the agent's language already.
  expect(failureText({ error: "Không tìm thấy tệp.", errorCode: SAID_HERE }, "vi")).toBe("Không tìm thấy tệp.");
  expect(failureText({ error: null, errorCode: null }, "vi")).toBe("");
});
