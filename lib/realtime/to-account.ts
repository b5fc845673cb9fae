import { log } from "@/lib/log";
import { getIo } from "@/lib/realtime/io";
import { rooms, type ServerToClientEvents } from "@/lib/realtime/events";

/** Events about a conversation (its rows, its messages, who is in it): only ever to its inbox. */
export type InboxEvent = "new-message" | "update-conversation" | "update-message" | "presence";
type AccountEvent = Exclude<keyof ServerToClientEvents, InboxEvent | MemberEvent>;
type MemberEvent = "inboxes-changed" | "mention" | "mentions-changed" | "preferences-changed";

type Emitter<K extends keyof ServerToClientEvents> = {
  emit<E extends K>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
};

function emitter<K extends keyof ServerToClientEvents>(target: string[], context: Record<string, string>): Emitter<K> {
  return {
    emit(event, ...args) {
      log().info({ event, rooms: target, ...context }, "emit");
      getIo()?.to(target).emit(event, ...args);
    },
  };
}

/**
 * The only way to send conversation data to browsers: to the sockets that may see that
 * inbox — those of members given it, and those that see every inbox of the account
 * (one emit to the union of two rooms; no other socket gets it). There is deliberately
 * no function here (or anywhere) that reaches all clients. Call it after the data is committed.
 */
export function toInbox(accountId: string, integrationId: string): Emitter<InboxEvent> {
  if (!accountId || !integrationId) throw new Error("toInbox needs an account id and an inbox id");
  return emitter([rooms.inbox(integrationId), rooms.allInboxes(accountId)], { accountId, integrationId });
}

/** To every socket of one account: only for events that are about no conversation (the type refuses the others). */
export function toAccount(accountId: string): Emitter<AccountEvent> {
  if (!accountId) throw new Error("toAccount needs an account id");
  return emitter([rooms.account(accountId)], { accountId });
}

/** To one member's sockets in one account (their own settings changed, a note mentions them). */
export function toMember(accountId: string, userId: string): Emitter<MemberEvent> {
  if (!accountId || !userId) throw new Error("toMember needs an account id and a user id");
  return emitter([rooms.member(accountId, userId)], { accountId, userId });
}
