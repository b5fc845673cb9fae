import { log } from "@/lib/log";

/** Per message. More is never a real message; each one is a row and part of every emit. */
export const MAX_ATTACHMENTS = 10;

/**
 * The first MAX_ATTACHMENTS of a message's attachments. The message is still stored
 * (a valid delivery is never refused); what was dropped is counted in a log line.
 */
export function capAttachments<T>(list: readonly T[] | undefined, where: { channel: string; externalId: string; messageId: string }): T[] {
  if (!list) return [];
  if (list.length > MAX_ATTACHMENTS) {
    log().warn({ ...where, attachments: list.length, dropped: list.length - MAX_ATTACHMENTS }, "attachments over the cap dropped");
  }
  return list.slice(0, MAX_ATTACHMENTS);
}
