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
  inboundCount: 0,
  reads: {},
  snoozedUntil: null,
  labels: [],
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

test("only the app's own files become images; a platform URL, javascript: or data: never reaches an img or a link", () => {
  const html = render([
    { type: "image", url: "/api/files/cabc123def456", name: null, state: "stored" },
    { type: "image", url: "https://cdn.example/tracker.jpg", name: null, state: "stored" },
    { type: "image", url: "javascript:alert(document.cookie)", name: "evil image" },
    { type: "file", url: "data:text/html;base64,PHNjcmlwdD4=", name: "evil file" },
    { type: "link", url: "JavaScript:alert(1)", name: null },
  ]);
  // The thread loads the thumbnail; its link opens the original.
  expect(html).toContain('src="/api/files/cabc123def456?size=thumb"');
  expect(html).toContain('href="/api/files/cabc123def456"');
  expect(html).not.toContain("cdn.example");
  expect(html.toLowerCase()).not.toContain("javascript:");
  expect(html).not.toContain("data:text/html");
  expect(html).toContain("evil file");
  expect(html).toContain("evil image");
});

function renderMessages(messages: MessageDto[]): string {
  const qc = new QueryClient();
  // The API pages newest first.
  qc.setQueryData(keys.messages("c1"), { pages: [{ messages: [...messages].reverse(), nextCursor: null }], pageParams: [null] });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: qc }, createElement(Thread, { conversation })));
}

const at = (ms: number) => new Date(Date.now() - ms).toISOString();
const base = { conversationId: "c1", status: "received" as const, error: null, errorCode: null, attachments: [], integrationId: "i1", seq: 1, direction: "inbound" as const };

test("a location links to a map built from its coordinates; an edit says so; reactions and system lines show; a reply quotes the earlier message", () => {
  const html = renderMessages([
    { ...base, id: "s1", externalId: "referral:1", kind: "system", text: "Came from an m.me link (ref spring)", createdAt: at(5000) },
    { ...base, id: "m1", externalId: "mid1", text: "Do you deliver on Saturdays?", editedAt: at(3000), reactions: [{ by: "business", emoji: "👍" }], createdAt: at(4000) },
    { ...base, id: "m2", externalId: "mid2", text: "", createdAt: at(2000), attachments: [{ type: "location", url: "javascript:alert(1)", name: "Pinned Location", coordinates: { latitude: 10.7769, longitude: 106.7009 } }] },
    { ...base, id: "m3", externalId: "mid3", text: "this one", createdAt: at(1000), replyTo: { id: "m1", externalId: "mid1" } },
  ]);
  expect(html).toContain('href="https://www.google.com/maps?q=10.7769,106.7009"');
  expect(html).toContain("Pinned Location");
  expect(html.toLowerCase()).not.toContain("javascript:");
  expect(html).toMatch(/<span class="edited"[^>]*>edited<\/span>/);
  expect(html).toContain('aria-label="👍 from the page"');
  expect(html).toMatch(/role="note"[^>]*>.*Came from an m\.me link \(ref spring\)/);
  expect(html).toContain('href="#message-m1"');
  expect(html).toContain("↩ Do you deliver on Saturdays?");
  // Coordinates that are not coordinates become no link at all.
  const bad = renderMessages([{ ...base, id: "m9", externalId: "x9", text: "", createdAt: at(1), attachments: [{ type: "location", url: null, name: "Nowhere", coordinates: { latitude: 999, longitude: 0 } }] }]);
  expect(bad).not.toContain("google.com/maps");
  expect(bad).toContain("Nowhere");
});
