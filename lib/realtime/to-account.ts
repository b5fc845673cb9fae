import { log } from "@/lib/log";
import { getIo } from "@/lib/realtime/io";
import { rooms, type ServerToClientEvents } from "@/lib/realtime/events";

type AccountEmitter = {
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
};

/**
 * The only way to send conversation data to browsers: to one account's room.
 * There is deliberately no function here (or anywhere) that reaches all clients.
 * Call it after the data is committed.
 */
export function toAccount(accountId: string): AccountEmitter {
  if (!accountId) throw new Error("toAccount needs an account id");
  const room = rooms.account(accountId);
  return {
    emit(event, ...args) {
      const io = getIo();
      log().info({ event, room, accountId }, "emit");
      io?.to(room).emit(event, ...args);
    },
  };
}
