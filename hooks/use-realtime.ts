"use client";

import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { ChangeRef, ServerToClientEvents } from "@/lib/shared/events";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import { ChangeTracker } from "@/lib/shared/change-tracker";
import { api, type ConversationPage, type Filters, type MessagePage } from "@/lib/client/api";
import { applyConversation, applyMessage, keys } from "@/lib/client/cache";
import { putConversation } from "@/lib/client/cache-actions";

/** How long live updates are kept to be laid again over a fetch that may have started before them. */
const REPLAY_MS = 30_000;
/** A hole in the change numbers that stays open this long is filled from the database. */
const GAP_MS = 2_000;

export type LiveState = "connecting" | "live" | "reconnecting" | "offline";

/**
 * One socket per tab. Events update the React Query cache in place (no refetch).
 * After every (re)connect, and whenever a change number is missing for GAP_MS, the
 * tab catches up from the database (GET /api/changes, see ChangeTracker): only what
 * changed after the positions it holds, for the account of the session connecting now.
 * A fetch answers with what the database held when it was read, so the latest live
 * update of each row (kept for REPLAY_MS) is laid over every fetched result, and
 * rows carry their `seq`, so nothing older ever replaces something newer.
 */
export function useRealtime(): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    const socket: Socket<ServerToClientEvents> = io({ path: "/socket.io", withCredentials: true });
    const tracker = new ChangeTracker();
    let catchingUp: Promise<void> | null = null;
    let again = false;
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
      if (key[0] === keys.allConversations[0] && !tracker.started) {
        // The first list names the positions it is at least as new as: catch-up starts there.
        const first = (event.query.state.data as InfiniteData<ConversationPage> | undefined)?.pages[0];
        if (first?.inboxes) {
          tracker.advanceTo(first.inboxes);
          if (socket.connected) catchUp();
        }
      }
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

    const keepConversation = (conversation: ConversationDto) => {
      recentConversations.delete(conversation.id); // re-inserted last: replayed in arrival order
      recentConversations.set(conversation.id, { at: Date.now(), conversation });
      putConversation(qc, conversation);
    };
    const keepMessage = (message: MessageDto) => {
      recentMessages.delete(message.id);
      recentMessages.set(message.id, { at: Date.now(), message });
      qc.setQueryData<InfiniteData<MessagePage>>(keys.messages(message.conversationId), (d) => applyMessage(d, message));
    };
    // One catch-up at a time; asked for again while one runs, it runs once more after it.
    const catchUp = () => {
      if (catchingUp) return void (again = true);
      catchingUp = (async () => {
        try {
          const changes = await api.changes(tracker.sinceQuery());
          if (!changes.complete) {
            // More happened than a catch-up carries: load what is shown afresh.
            void qc.invalidateQueries({ queryKey: keys.allConversations });
            void qc.invalidateQueries({ queryKey: ["messages"] });
          }
          for (const m of changes.messages) keepMessage(m);
          for (const c of changes.conversations) keepConversation(c);
          tracker.advanceTo(changes.inboxes);
        } catch {
          again = socket.connected; // the next connect or gap check tries again
        }
      })().finally(() => {
        catchingUp = null;
        if (again && socket.connected) {
          again = false;
          catchUp();
        }
      });
    };
    const gapCheck = window.setInterval(() => {
      if (socket.connected && tracker.gapAge() > GAP_MS) catchUp();
    }, 1000);

    socket.on("connect", () => {
      setState("live");
      // Whatever happened while there was no socket (or during the handshake) comes from the database.
      if (tracker.started) catchUp();
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
    const counted = (change: ChangeRef | undefined) => {
      if (change) tracker.receive(change);
    };
    socket.on("update-conversation", ({ conversation, change }) => {
      keepConversation(conversation);
      counted(change);
    });
    const onMessage: ServerToClientEvents["new-message"] = ({ message, change }) => {
      keepMessage(message);
      counted(change);
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
      window.clearInterval(gapCheck);
      unsubscribe();
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      socket.disconnect();
    };
  }, [qc]);

  return state;
}
