import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { expect, test } from "vitest";
import { Thread } from "@/components/inbox/thread";
import { keys } from "@/lib/client/cache";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";

const conversation: ConversationDto = {
  id: "c1",
  channel: "zalo",
  integrationId: "i1",
  integrationName: "Acme OA",
  needsReauth: false,
  contact: { id: "ct1", externalId: "81", name: "Lan", avatarUrl: "javascript:alert(1)" },
  lastMessagePreview: "",
  lastMessageAt: new Date().toISOString(),
  lastInboundAt: new Date().toISOString(),
  unreadCount: 0,
  status: "open",
  assignee: null,
  failedReplies: 0,
  seq: 1,
};

function render(attachments: MessageDto["attachments"]): string {
  const message: MessageDto = { id: "m1", conversationId: "c1", direction: "inbound", text: "see", status: "received", externalId: "x", error: null, errorCode: null, attachments, createdAt: new Date().toISOString(), integrationId: "i1", seq: 1 };
  const qc = new QueryClient();
  qc.setQueryData(keys.messages("c1"), { pages: [{ messages: [message], nextCursor: null }], pageParams: [null] });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: qc }, createElement(Thread, { conversation })));
}

test("only http(s) attachment URLs become links or images; others are shown as text", () => {
  const html = render([
    { type: "image", url: "https://cdn.example/ok.jpg", name: null },
    { type: "image", url: "javascript:alert(document.cookie)", name: "evil image" },
    { type: "file", url: "data:text/html;base64,PHNjcmlwdD4=", name: "evil file" },
    { type: "link", url: "JavaScript:alert(1)", name: null },
  ]);
  expect(html).toContain('src="https://cdn.example/ok.jpg"');
  expect(html).toContain('href="https://cdn.example/ok.jpg"');
  expect(html.toLowerCase()).not.toContain("javascript:");
  expect(html).not.toContain("data:text/html");
  expect(html).toContain("evil file");
  expect(html).toContain("evil image");
});
