"use client";

import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { ServerToClientEvents } from "@/lib/realtime/events";
import type { ConversationPage, Filters, MessagePage } from "@/components/inbox/api";
import { applyConversation, applyMessage, keys } from "@/components/inbox/cache";

export type LiveState = "connecting" | "live" | "reconnecting" | "offline";

/**
 * One socket per tab. Events update the React Query cache in place (no refetch);
 * after a reconnect the lists are re-fetched once, to catch what was missed.
 */
export function useRealtime(): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    const socket: Socket<ServerToClientEvents> = io({ path: "/socket.io", withCredentials: true });
    let connectedBefore = false;

    socket.on("connect", () => {
      setState("live");
      if (connectedBefore && !socket.recovered) {
        void qc.invalidateQueries({ queryKey: keys.allConversations });
        void qc.invalidateQueries({ queryKey: ["messages"] });
      }
      connectedBefore = true;
    });
    socket.on("disconnect", (reason) => {
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
      if (qc.getQueryData(keys.conversation(conversation.id))) qc.setQueryData(keys.conversation(conversation.id), conversation);
      for (const [key, data] of qc.getQueriesData<InfiniteData<ConversationPage>>({ queryKey: keys.allConversations })) {
        const filters = key[1] as Filters;
        qc.setQueryData(key, applyConversation(data, conversation, filters));
      }
    });
    const onMessage: ServerToClientEvents["new-message"] = ({ conversationId, message }) => {
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
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      socket.disconnect();
    };
  }, [qc]);

  return state;
}
