// Client-safe: Zalo's window for consultation (cs) messages, the one place its length is written.
// https://docs.zaloplatforms.com/docs/OA/tin-nhan/tin-tu-van/dieu-kien-gui-tin-tu-van — "User (người
// nhận tin): có tương tác với OA trong vòng 7 ngày": a cs message needs the user to have interacted
// with the OA within the last 7 days; otherwise the API answers -230 "User has not interacted with
// the OA in the past 7 days" (or -232, "... or the last interaction has expired"). The 48 h / 8
// messages some guides quote is the free-reply quota (billing), not a refusal.
// Zalo has no human-agent extension. Not an env setting, for the reasons in facebook/window.ts.
import type { ReplyWindowPolicy } from "@/lib/shared/reply-window";

export const zaloReplyWindow: ReplyWindowPolicy = {
  standardMs: 7 * 24 * 3_600_000,
  humanAgentMs: 7 * 24 * 3_600_000,
};
