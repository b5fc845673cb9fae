/**
 * Contacts the platform gives no user id for — Messenger chat-plugin and checkbox-plugin
 * visitors (a user_ref), Zalo anonymous visitors — are keyed `<kind>:<their ref>`. Platform
 * user ids never contain ":", so these keys cannot collide with one; and they have no
 * profile to look up.
 */
export type VisitorKind = "user_ref" | "anonymous";

export const visitorKey = (kind: VisitorKind, ref: string): string => `${kind}:${ref}`;

export const isVisitorKey = (externalId: string): boolean => /^(user_ref|anonymous):/.test(externalId);
