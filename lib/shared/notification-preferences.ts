// One member's notification preferences in one account, as /api/me/preferences answers them (the client imports the type).

export type NotificationPreferences = {
  /** A short tone (made with WebAudio) when something notifies. */
  sound: boolean;
  /** Desktop notifications (also needs the browser's permission). */
  desktop: boolean;
  /** Which events notify: a new conversation, a customer's message in one assigned to me, a note that mentions me. */
  newConversations: boolean;
  assigned: boolean;
  mentions: boolean;
};

/** The same as the database's column defaults: everything notifies, silently. */
export const defaultNotificationPreferences: NotificationPreferences = { sound: false, desktop: true, newConversations: true, assigned: true, mentions: true };

export const notificationPreferenceKeys = ["sound", "desktop", "newConversations", "assigned", "mentions"] as const satisfies readonly (keyof NotificationPreferences)[];
