"use client";

import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import type { ConversationDto, MessageDto } from "@/lib/inbox/dto";
import type { ConversationPage, Filters, MessagePage } from "@/components/inbox/api";
import { applyConversation, applyMessage, keys } from "@/components/inbox/cache";
import { putConversation } from "@/components/inbox/cache-actions";

/** How long live updates are kept to be laid again over a fetch that may have started before them. */
const REPLAY_MS = 30_000;

export type LiveState = "connecting" | "live" | "reconnecting" | "offline";

/**
 * One socket per tab. Events update the React Query cache in place (no refetch);
 * after each (re)connection what was loaded before it is re-fetched once, to catch
 * what was missed while there was no socket. A fetch answers with what the database
 * held when it was read, so the latest live update of each row (kept for REPLAY_MS)
 * is laid over every fetched result: a refetch never undoes a newer live update.
 */
export function useRealtime(): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    const socket: Socket<ServerToClientEvents> = io({ path: "/socket.io", withCredentials: true });
    let connectedBefore = false;
    // The latest live state of each conversation and message, while the socket is up.
    const recentConversations = new Map<string, { at: number; conversation: ConversationDto }>();
    const recentMessages = new Map<string, { at: number; message: MessageDto }>();
    const fresh = <T extends { at: number }>(m: Map<string, T>) => {
      const since = Date.now() - REPLAY_MS;
      for (const [id, v] of m) if (v.at < since) m.delete(id);
      return [...m.values()];
    };
    const unsubscribe = qc.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.action.type !== "success" || event.action.manual) return;
      const key = event.query.queryKey;
      if (key[0] === keys.allConversations[0] && recentConversations.size) {
        const filters = key[1] as Filters;
        let data = event.query.state.data as InfiniteData<ConversationPage> | undefined;
        for (const { conversation } of fresh(recentConversations)) data = applyConversation(data, conversation, filters);
        qc.setQueryData(key, data);
      } else if (key[0] === "messages" && recentMessages.size) {
        let data = event.query.state.data as InfiniteData<MessagePage> | undefined;
        for (const { message } of fresh(recentMessages)) if (message.conversationId === key[1]) data = applyMessage(data, message);
        qc.setQueryData(key, data);
      }
    });

    socket.on("connect", () => {
      setState("live");
      if (!socket.recovered) {
        // Whatever was fetched before this connection may have missed events: fetch it again.
        // On the first connection a fetch still under way is left to finish, not repeated.
        const options = { cancelRefetch: connectedBefore };
        void qc.invalidateQueries({ queryKey: keys.allConversations }, options);
        void qc.invalidateQueries({ queryKey: ["messages"] }, options);
      }
      connectedBefore = true;
    });
    socket.on("disconnect", (reason) => {
      // Without a socket the kept updates may be overtaken unseen; the catch-up fetch is the truth.
      recentConversations.clear();
      recentMessages.clear();
      if (reason === "io client disconnect") return; // we went offline on purpose
      // The server cut us off (signed out, removed): do not come back.
      if (reason === "io server disconnect") {
        setState("offline");
        window.location.assign("/login");
        return;
      }
      setState("reconnecting");
    });
    socket.on("connect_error", (err) => {
      if (err.message === "unauthorized") {
        setState("offline");
        socket.disconnect();
        window.location.assign("/login");
        return;
      }
      setState(socket.active ? "reconnecting" : "offline");
    });
    socket.on("update-conversation", ({ conversation }) => {
      recentConversations.delete(conversation.id); // re-inserted last: replayed in arrival order
      recentConversations.set(conversation.id, { at: Date.now(), conversation });
      putConversation(qc, conversation);
    });
    const onMessage: ServerToClientEvents["new-message"] = ({ conversationId, message }) => {
      recentMessages.delete(message.id);
      recentMessages.set(message.id, { at: Date.now(), message });
      qc.setQueryData<InfiniteData<MessagePage>>(keys.messages(conversationId), (d) => applyMessage(d, message));
    };
    socket.on("new-message", onMessage);
    socket.on("update-message", onMessage);
    // A dead network leaves zombie sockets: drop it now, reconnect (and catch up) when the network returns.
    const goOffline = () => {
      setState("offline");
      socket.disconnect();
    };
    const goOnline = () => {
      setState("reconnecting");
      socket.connect();
    };
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    return () => {
      unsubscribe();
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      socket.disconnect();
    };
  }, [qc]);

  return state;
}
