/** A per-account snippet the composer inserts with /shortcut (GET /api/canned-replies). */
export type CannedReplyDto = { id: string; shortcut: string; text: string; updatedAt: string };

/** The longest shortcut; printable, no spaces, so `/shortcut` ends at the first space. */
export const SHORTCUT_MAX = 32;
/** A canned reply is sent as a reply: it may not be longer than one (lib/routes/reply-route.ts). */
export const CANNED_TEXT_MAX = 2000;
export const SHORTCUT_PATTERN = /^[\p{L}\p{N}_.-]+$/u;
