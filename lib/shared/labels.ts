// Labels and statuses as the browser and the server both see them. Types and constants only.

/** The fixed palette a label's color comes from (names, not CSS: the stylesheet maps them). */
export const labelColors = ["gray", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink"] as const;
export type LabelColor = (typeof labelColors)[number];

export const LABEL_NAME_MAX = 40;

export type LabelDto = { id: string; name: string; color: LabelColor };

export const conversationStatuses = ["open", "pending", "snoozed", "resolved"] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

/** The furthest ahead a snooze may be set. */
export const MAX_SNOOZE_MS = 366 * 24 * 60 * 60 * 1000;

export const isLabelColor = (v: string): v is LabelColor => (labelColors as readonly string[]).includes(v);

/** A conversation's labels; [] for a copy made before labels existed (a cached or test-made row). */
export const labelsOf = (c: { labels?: LabelDto[] | null }): LabelDto[] => c.labels ?? [];
