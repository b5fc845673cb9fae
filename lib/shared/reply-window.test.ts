import { expect, test } from "vitest";
import { replyWindowAt, timeLeft } from "./reply-window";
import { facebookReplyWindow } from "@/lib/channels/facebook/window";
import { zaloReplyWindow } from "@/lib/channels/zalo/window";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const last = Date.UTC(2026, 11, 1, 12, 0, 0);

test("Messenger: open for 24 h, then human agent only until 7 days, then closed (each end exclusive)", () => {
  expect(replyWindowAt(facebookReplyWindow, new Date(last), last + 24 * HOUR - MIN)).toEqual({ state: "open", closesAt: new Date(last + DAY) });
  expect(replyWindowAt(facebookReplyWindow, new Date(last), last + DAY).state).toBe("human_agent");
  expect(replyWindowAt(facebookReplyWindow, new Date(last).toISOString(), last + DAY + MIN)).toEqual({ state: "human_agent", closesAt: new Date(last + 7 * DAY) });
  expect(replyWindowAt(facebookReplyWindow, new Date(last), last + 7 * DAY - 1).state).toBe("human_agent");
  expect(replyWindowAt(facebookReplyWindow, new Date(last), last + 7 * DAY + MIN)).toEqual({ state: "closed", closedAt: new Date(last + 7 * DAY) });
});

test("Zalo: cs messages for 7 days, no human-agent extension", () => {
  expect(replyWindowAt(zaloReplyWindow, new Date(last), last + 7 * DAY - MIN)).toEqual({ state: "open", closesAt: new Date(last + 7 * DAY) });
  expect(replyWindowAt(zaloReplyWindow, new Date(last), last + 7 * DAY + MIN).state).toBe("closed");
});

test("a customer who never wrote (or an unreadable time) leaves nothing to answer", () => {
  expect(replyWindowAt(facebookReplyWindow, null, last)).toEqual({ state: "closed", closedAt: null });
  expect(replyWindowAt(facebookReplyWindow, undefined, last)).toEqual({ state: "closed", closedAt: null });
  expect(replyWindowAt(facebookReplyWindow, "not a date", last)).toEqual({ state: "closed", closedAt: null });
});

test("time left reads short and never promises too much", () => {
  expect(timeLeft(30_000)).toBe("1 min");
  expect(timeLeft(45 * MIN + 59_000)).toBe("45 min");
  expect(timeLeft(3 * HOUR + 59 * MIN)).toBe("3 h");
  expect(timeLeft(47 * HOUR)).toBe("47 h");
  expect(timeLeft(5 * DAY + 23 * HOUR)).toBe("5 days");
});
