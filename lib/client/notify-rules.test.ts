import { expect, test } from "vitest";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import { defaultNotificationPreferences as prefs } from "@/lib/shared/notification-preferences";
import { excerpt, kindForMessage, opensConversation, titleWithCount } from "./notify-rules";

const msg = (over: Partial<MessageDto> = {}): MessageDto => ({
  id: "m1",
  conversationId: "c1",
  integrationId: "i1",
  direction: "inbound",
  text: "hello",
  status: "received",
  externalId: "x",
  error: null,
  errorCode: null,
  attachments: [],
  createdAt: "2026-12-02T10:00:00.000Z",
  seq: 1,
  ...over,
});
const conv = (assignee: string | null) => ({ id: "c1", assignee: assignee ? { id: assignee, name: "X" } : null }) as ConversationDto;

test("a customer message opening a conversation notifies as new; in one assigned to me as assigned; otherwise nothing", () => {
  expect(kindForMessage({ message: msg(), conversation: conv(null), opened: true, myId: "me", prefs })).toBe("newConversation");
  expect(kindForMessage({ message: msg(), conversation: conv("me"), opened: false, myId: "me", prefs })).toBe("assigned");
  expect(kindForMessage({ message: msg(), conversation: conv("other"), opened: false, myId: "me", prefs })).toBeNull();
  expect(kindForMessage({ message: msg(), conversation: null, opened: false, myId: "me", prefs })).toBeNull();
});

test("my own and colleagues' replies and notes, and system lines, never notify", () => {
  for (const m of [msg({ direction: "outbound" }), msg({ direction: "outbound", kind: "note" }), msg({ kind: "system" })]) {
    expect(kindForMessage({ message: m, conversation: conv("me"), opened: true, myId: "me", prefs })).toBeNull();
  }
});

test("preferences switch each kind off; a new conversation assigned to me still tells me when only 'assigned' is on", () => {
  const off = { ...prefs, newConversations: false };
  expect(kindForMessage({ message: msg(), conversation: conv(null), opened: true, myId: "me", prefs: off })).toBeNull();
  expect(kindForMessage({ message: msg(), conversation: conv("me"), opened: true, myId: "me", prefs: off })).toBe("assigned");
  expect(kindForMessage({ message: msg(), conversation: conv("me"), opened: false, myId: "me", prefs: { ...prefs, assigned: false } })).toBeNull();
});

test("a conversation is new when the message is the customer's first in it", () => {
  const m = msg();
  expect(opensConversation(m, { messages: [m], nextCursor: null })).toBe(true);
  // A referral line before it, or a second message just after it, do not change that.
  expect(opensConversation(m, { messages: [msg({ id: "m2", createdAt: "2026-12-02T10:00:01.000Z" }), m, msg({ id: "s", kind: "system", createdAt: "2026-12-02T09:59:00.000Z" })], nextCursor: null })).toBe(true);
  expect(opensConversation(m, { messages: [m, msg({ id: "m0", createdAt: "2026-12-02T09:00:00.000Z" })], nextCursor: null })).toBe(false);
  expect(opensConversation(m, { messages: [m], nextCursor: "more" })).toBe(false);
});

test("the title shows the count once, never stacked, and the plain title at 0", () => {
  expect(titleWithCount("Inbox", 3)).toBe("(3) Inbox");
  expect(titleWithCount("(3) Inbox", 4)).toBe("(4) Inbox");
  expect(titleWithCount("(4) Inbox", 0)).toBe("Inbox");
  expect(titleWithCount("Inbox", 150)).toBe("(99+) Inbox");
  expect(titleWithCount("(99+) Inbox", 1)).toBe("(1) Inbox");
});

test("the excerpt is one line, cut, with a fallback for no text", () => {
  expect(excerpt("  a\n b  ", "file")).toBe("a b");
  expect(excerpt("", "Photo")).toBe("Photo");
  expect(excerpt("x".repeat(200), "")).toHaveLength(140);
});
