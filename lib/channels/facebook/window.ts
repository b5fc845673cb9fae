// Client-safe: Messenger's messaging window, the one place its lengths are written.
// Standard messaging: 24 hours after the person's last message; the HUMAN_AGENT tag (messaging_type
// MESSAGE_TAG) lets a person reply up to 7 days after it (developers.facebook.com/docs/messenger-platform/
// send-messages/message-tags). Past that the Send API answers (#10) "This message is sent outside of
// allowed window", error_subcode 2018278 (.../messenger-platform/error-codes).
// Not an env setting: these are Meta's rules, not a deployment's choice, and the browser needs the
// same numbers as the server.
import type { ReplyWindowPolicy } from "@/lib/shared/reply-window";

export const facebookReplyWindow: ReplyWindowPolicy = {
  standardMs: 24 * 3_600_000,
  humanAgentMs: 7 * 24 * 3_600_000,
};
