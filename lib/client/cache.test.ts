import { expect, test } from "vitest";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import { applyConversation, applyMessage, removeMessage } from "./cache";

const conv = (id: string, at: string, extra: Partial<ConversationDto> = {}): ConversationDto => ({
  id,
  channel: "facebook",
  integrationId: "i",
  integrationName: "Page",
  needsReauth: false,
  contact: { id: `c-${id}`, externalId: id, name: `Name ${id}`, avatarUrl: null },
  lastMessagePreview: "",
  lastMessageAt: at,
  lastInboundAt: at,
  unreadCount: 0,
  inboundCount: 0,
  reads: {},
  snoozedUntil: null,
  labels: [],
  status: "open",
  assignee: null,
  failedReplies: 0,
  seq: 1,
  ...extra,
});
const all = { channel: "" as const, status: "all" as const, q: "", assignee: "all" };
const pages = (...lists: ConversationDto[][]) => ({
  pageParams: lists.map((_, i) => (i ? String(i) : null)),
  pages: lists.map((conversations, i) => ({ conversations, nextCursor: i < lists.length - 1 ? String(i + 1) : null })),
});

test("an update moves a conversation to the top without refetching", () => {
  const data = pages([conv("a", "2026-01-03"), conv("b", "2026-01-02")], [conv("c", "2026-01-01")]);
  const next = applyConversation(data, conv("c", "2026-01-04"), all)!;
  expect(next.pages.map((p) => p.conversations.map((c) => c.id))).toEqual([["c", "a"], ["b"]]);
});

test("a new conversation older than the loaded window waits for its page; one that no longer matches leaves", () => {
  const data = { ...pages([conv("a", "2026-01-03"), conv("b", "2026-01-02")]), pages: [{ conversations: [conv("a", "2026-01-03"), conv("b", "2026-01-02")], nextCursor: "more" }] };
  expect(applyConversation(data, conv("old", "2026-01-01"), all)!.pages[0]!.conversations.map((c) => c.id)).toEqual(["a", "b"]);
  const open = { ...all, status: "open" as const };
  expect(applyConversation(data, conv("a", "2026-01-05", { status: "resolved" }), open)!.pages[0]!.conversations.map((c) => c.id)).toEqual(["b"]);
});

test("messages are added once, replaced in place, removed by id", () => {
  const m = (id: string, at: string, status: MessageDto["status"] = "sent"): MessageDto => ({ id, conversationId: "x", direction: "outbound", text: id, status, externalId: null, error: null, errorCode: null, attachments: [], createdAt: at, integrationId: "i", seq: 1 });
  const data = { pageParams: [null], pages: [{ messages: [m("2", "2026-01-02"), m("1", "2026-01-01")], nextCursor: null }] };
  const added = applyMessage(applyMessage(data, m("3", "2026-01-03")), m("3", "2026-01-03"))!;
  expect(added.pages[0]!.messages.map((x) => x.id)).toEqual(["3", "2", "1"]);
  const read = applyMessage(added, m("2", "2026-01-02", "read"))!;
  expect(read.pages[0]!.messages.find((x) => x.id === "2")!.status).toBe("read");
  expect(removeMessage(read, "3")!.pages[0]!.messages.map((x) => x.id)).toEqual(["2", "1"]);
});

test("a late copy never moves a message back (delivered stays delivered); a retry may go failed → sending", () => {
  const m = (status: MessageDto["status"]): MessageDto => ({ id: "1", conversationId: "x", direction: "outbound", text: "hi", status, externalId: null, error: null, errorCode: null, attachments: [], createdAt: "2026-01-01", integrationId: "i", seq: 1 });
  const data = { pageParams: [null], pages: [{ messages: [m("delivered")], nextCursor: null }] };
  expect(applyMessage(data, m("sent"))!.pages[0]!.messages[0]!.status).toBe("delivered");
  expect(applyMessage(data, m("read"))!.pages[0]!.messages[0]!.status).toBe("read");
  const failed = { pageParams: [null], pages: [{ messages: [m("failed")], nextCursor: null }] };
  expect(applyMessage(failed, m("pending"))!.pages[0]!.messages[0]!.status).toBe("pending");
  expect(applyMessage(applyMessage(failed, m("pending")), m("sent"))!.pages[0]!.messages[0]!.status).toBe("sent");
});

test("a search result found by an older message's text stays when an update's preview no longer contains the query", () => {
  const search = { channel: "" as const, status: "open" as const, q: "jacket", assignee: "all" };
  const data = pages([conv("a", "2026-01-03", { lastMessagePreview: "thanks" })]);
  const next = applyConversation(data, conv("a", "2026-01-04", { lastMessagePreview: "see you" }), search)!;
  expect(next.pages[0]!.conversations.map((c) => c.id)).toEqual(["a"]);
  // ...but not a new one that does not match, nor a listed one that no longer fits the status.
  expect(applyConversation(data, conv("b", "2026-01-05", { lastMessagePreview: "hello" }), search)!.pages[0]!.conversations.map((c) => c.id)).toEqual(["a"]);
  expect(applyConversation(data, conv("a", "2026-01-05", { status: "resolved" }), search)!.pages[0]!.conversations).toEqual([]);
});

test("a message older than the loaded window waits for its page", () => {
  const m = (id: string, at: string): MessageDto => ({ id, conversationId: "x", direction: "inbound", text: id, status: "received", externalId: null, error: null, errorCode: null, attachments: [], createdAt: at, integrationId: "i", seq: 1 });
  const data = { pageParams: [null], pages: [{ messages: [m("3", "2026-01-03"), m("2", "2026-01-02")], nextCursor: "more" }] };
  expect(applyMessage(data, m("1", "2026-01-01"))!.pages[0]!.messages.map((x) => x.id)).toEqual(["3", "2"]);
  expect(applyMessage(data, m("4", "2026-01-04"))!.pages[0]!.messages.map((x) => x.id)).toEqual(["4", "3", "2"]);
  const complete = { ...data, pages: [{ ...data.pages[0]!, nextCursor: null }] };
  expect(applyMessage(complete, m("1", "2026-01-01"))!.pages[0]!.messages.map((x) => x.id)).toEqual(["3", "2", "1"]);
});

test("views: Mine keeps only the agent's, Unassigned only the unowned; a reassignment leaves the view live", () => {
  const carol = { id: "u-carol", name: "Carol" };
  const data = pages([conv("a", "2026-01-03", { assignee: carol }), conv("b", "2026-01-02")]);
  const mine = { ...all, assignee: "u-carol" };
  const unassigned = { ...all, assignee: "unassigned" };
  expect(applyConversation(data, conv("a", "2026-01-04", { assignee: { id: "u-alice", name: "Alice" } }), mine)!.pages[0]!.conversations.map((c) => c.id)).toEqual(["b"]);
  expect(applyConversation(data, conv("b", "2026-01-05", { assignee: carol }), unassigned)!.pages[0]!.conversations.map((c) => c.id)).toEqual(["a"]);
  expect(applyConversation(pages([]), conv("c", "2026-01-06", { assignee: carol }), mine)!.pages[0]!.conversations.map((c) => c.id)).toEqual(["c"]);
});

test("a retried reply (new createdAt) moves below the messages that came meanwhile", () => {
  const m = (id: string, at: string, status: MessageDto["status"], seq: number): MessageDto => ({ id, conversationId: "x", direction: id === "r" ? "outbound" : "inbound", text: id, status, externalId: null, error: null, errorCode: null, attachments: [], createdAt: at, integrationId: "i", seq });
  const data = { pageParams: [null], pages: [{ messages: [m("b", "2026-01-02", "received", 2), m("r", "2026-01-01", "failed", 1)], nextCursor: null }] };
  const next = applyMessage(data, m("r", "2026-01-03", "pending", 3))!;
  expect(next.pages[0]!.messages.map((x) => x.id)).toEqual(["r", "b"]);
});

test("unread is each agent's own: an event shared by the inbox counts from this agent's read, never from a colleague's", async () => {
  const { QueryClient } = await import("@tanstack/react-query");
  const { forViewer, readByViewer, putConversation } = await import("./cache-actions");
  const { keys } = await import("./cache");
  const qc = new QueryClient();
  qc.setQueryData(keys.conversations(all), pages([conv("a", "2026-01-01T00:00:00.000Z", { inboundCount: 3, reads: { alice: 3 } })]));
  // Carol read all three; Alice read two before the third arrived; Bob (new) never opened it.
  const event = conv("a", "2026-01-01T00:00:01.000Z", { inboundCount: 4, reads: { carol: 3, alice: 2 }, unreadCount: 4, seq: 2 });
  expect(forViewer(qc, event, "carol").unreadCount).toBe(1);
  // This tab already knows Alice read 3 (cached): a late event saying 2 does not bring one back.
  expect(forViewer(qc, event, "alice").unreadCount).toBe(1);
  expect(forViewer(qc, event, "alice").reads.alice).toBe(3);
  expect(forViewer(qc, event, "bob").unreadCount).toBe(4);
  // Reading it here clears Alice's only.
  putConversation(qc, readByViewer(forViewer(qc, event, "alice"), "alice"));
  const after = forViewer(qc, event, "alice");
  expect(after.unreadCount).toBe(0);
  expect(forViewer(qc, event, "carol").unreadCount).toBe(1);
});
