// A stored @mention of the signed-in member, as /api/me/mentions answers it (the notification centre lists them).

export type MentionDto = {
  id: string;
  conversationId: string;
  /** The note that mentions the member. */
  messageId: string;
  /** Who wrote the note (null once that user is gone). */
  by: { id: string; name: string } | null;
  /** The conversation's contact, as the list shows them. */
  contactName: string;
  /** The note's start, on one line. */
  excerpt: string;
  createdAt: string;
  /** Null while unread. */
  readAt: string | null;
};

export type MentionPage = { mentions: MentionDto[]; nextCursor: string | null; unread: number };

/** How much of the note a mention shows. */
export const MENTION_EXCERPT_CHARS = 140;

/** The note's text on one line, cut to MENTION_EXCERPT_CHARS. */
export function mentionExcerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MENTION_EXCERPT_CHARS ? `${flat.slice(0, MENTION_EXCERPT_CHARS - 1)}…` : flat;
}
