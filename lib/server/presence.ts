import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Socket } from "socket.io";
import { db } from "@/lib/db";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { log } from "@/lib/log";
import { printableId } from "@/lib/http/safe-string";
import { toInbox } from "@/lib/realtime/to-account";
import { canSee, visibleInboxes } from "@/lib/access/visible-inboxes";
import type { ClientToServerEvents, InterServerEvents, Presence, ServerToClientEvents, SocketData } from "@/lib/realtime/events";

type InboxSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const message = z.object({ conversationId: printableId().nullable(), typing: z.boolean() });
/** Conversation ids a socket has shown to be in an inbox it may see, with that inbox: checked once each, bounded. */
const MAX_CHECKED = 500;

/**
 * Who is looking at or typing in which conversation, told only to the sockets that may
 * see that conversation's inbox (through toInbox, like every conversation event). Nothing is stored: a tab announces itself
 * when it opens a conversation and when a colleague arrives (the browser answers a new
 * "viewing" with its own), and "left" is sent when it moves on or its socket closes.
 * A conversation id of another account or of an inbox this member may not see, or anything
 * malformed, is ignored. (An access change moves the socket's rooms; a colleague still in a
 * conversation of an inbox taken away is not heard, since presence goes to the inbox's rooms.)
 */
export function handlePresence(socket: InboxSocket): void {
  const key = randomBytes(6).toString("hex");
  const checked = new Map<string, string>();
  const tell = (conversationId: string, state: Presence["state"]) => {
    const inbox = checked.get(conversationId);
    if (inbox) toInbox(socket.data.accountId, inbox).emit("presence", { conversationId, userId: socket.data.userId, name: socket.data.name, key, state });
  };

  // Checked afresh for each new conversation: access may have changed since the handshake.
  const visible = async (conversationId: string): Promise<boolean> => {
    if (checked.has(conversationId)) return true;
    const { accountId, userId } = socket.data;
    const [hit, scope] = await asAccount(accountId, () =>
      Promise.all([
        db().conversation.findFirst({ where: { id: conversationId, accountId }, select: { integrationId: true } }),
        visibleInboxes(db(), { accountId, userId }),
      ]),
    );
    if (!hit || !canSee(scope, hit.integrationId)) return false;
    if (checked.size >= MAX_CHECKED) checked.clear();
    checked.set(conversationId, hit.integrationId);
    return true;
  };

  socket.on("presence", (raw) => {
    const parsed = message.safeParse(raw);
    if (!parsed.success) return;
    const { conversationId, typing } = parsed.data;
    void (async () => {
      if (conversationId && !(await visible(conversationId))) return;
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
