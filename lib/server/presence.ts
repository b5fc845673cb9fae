import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Socket } from "socket.io";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { printableId } from "@/lib/http/safe-string";
import { toAccount } from "@/lib/realtime/to-account";
import type { ClientToServerEvents, InterServerEvents, Presence, ServerToClientEvents, SocketData } from "@/lib/realtime/events";

type InboxSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const message = z.object({ conversationId: printableId().nullable(), typing: z.boolean() });
/** Conversation ids a socket has shown to be its account's: checked once each, bounded. */
const MAX_CHECKED = 500;

/**
 * Who is looking at or typing in which conversation, told to the socket's own account
 * only (through toAccount, like every event). Nothing is stored: a tab announces itself
 * when it opens a conversation and when a colleague arrives (the browser answers a new
 * "viewing" with its own), and "left" is sent when it moves on or its socket closes.
 * A conversation id of another account, or anything malformed, is ignored.
 */
export function handlePresence(socket: InboxSocket): void {
  const key = randomBytes(6).toString("hex");
  const checked = new Set<string>();
  const tell = (conversationId: string, state: Presence["state"]) =>
    toAccount(socket.data.accountId).emit("presence", { conversationId, userId: socket.data.userId, name: socket.data.name, key, state });

  const ownedByAccount = async (conversationId: string): Promise<boolean> => {
    if (checked.has(conversationId)) return true;
    const hit = await db().conversation.findFirst({ where: { id: conversationId, accountId: socket.data.accountId }, select: { id: true } });
    if (!hit) return false;
    if (checked.size >= MAX_CHECKED) checked.clear();
    checked.add(conversationId);
    return true;
  };

  socket.on("presence", (raw) => {
    const parsed = message.safeParse(raw);
    if (!parsed.success) return;
    const { conversationId, typing } = parsed.data;
    void (async () => {
      if (conversationId && !(await ownedByAccount(conversationId))) return;
      const previous = socket.data.viewing;
      if (previous && previous !== conversationId) tell(previous, "left");
      socket.data.viewing = conversationId ?? undefined;
      if (conversationId) tell(conversationId, typing ? "typing" : "viewing");
    })().catch((err: unknown) => log().warn({ err: (err as Error).message }, "presence update failed"));
  });

  socket.on("disconnect", () => {
    if (socket.data.viewing) tell(socket.data.viewing, "left");
  });
}
