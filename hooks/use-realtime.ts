"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { ChangeRef, ClientToServerEvents, Presence, ServerToClientEvents } from "@/lib/shared/events";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import { ChangeTracker } from "@/lib/shared/change-tracker";
import { api, type ConversationPage, type Filters, type MessagePage } from "@/lib/client/api";
import { applyConversation, applyMessage, keys } from "@/lib/client/cache";
import { forViewer, putConversation } from "@/lib/client/cache-actions";

/** How long live updates are kept to be laid again over a fetch that may have started before them. */
const REPLAY_MS = 30_000;
/** A hole in the change numbers that stays open this long is filled from the database. */
const GAP_MS = 2_000;

export type LiveState = "connecting" | "live" | "reconnecting" | "offline";
/** This tab's socket: other hooks (notifications) listen on it after the cache has been updated. */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * What the catch-up after a disconnect brought that this tab had not seen: messages that were
 * not in its cache (written while there was no socket), and the conversations as they are now.
 */
export type CaughtUp = { messages: MessageDto[]; conversations: ConversationDto[]; awaySince: number };
export type OnCaughtUp = (listener: (c: CaughtUp) => void) => () => void;

/** A message created this long before the socket went away is not news (a reaction or a stored file moved its change number). */
const AWAY_SLACK_MS = 2 * 60_000;

/** A colleague's tab in a conversation, as this tab last heard of it. */
export type Colleague = { key: string; userId: string; name: string; state: "viewing" | "typing"; at: number };
export const presenceKey = (conversationId: string) => ["presence", conversationId] as const;

/** A tab re-announces itself this often, so a node that died takes its tabs' presence with it. */
const PRESENCE_HEARTBEAT_MS = 25_000;
/** Heard of nothing for this long, a colleague's tab is gone; typing fades sooner. */
const PRESENCE_TTL_MS = 60_000;
const TYPING_TTL_MS = 6_000;

/**
 * One socket per tab. Events update the React Query cache in place (no refetch).
 * After every (re)connect, and whenever a change number is missing for GAP_MS, the
 * tab catches up from the database (GET /api/changes, see ChangeTracker): only what
 * changed after the positions it holds, for the account of the session connecting now.
 * A fetch answers with what the database held when it was read, so the latest live
 * update of each row (kept for REPLAY_MS) is laid over every fetched result, and
 * rows carry their `seq`, so nothing older ever replaces something newer.
 */
export function useRealtime(me: { userId: string }): {
  state: LiveState;
  announce: (conversationId: string | null, typing: boolean) => void;
  socket: LiveSocket | null;
  /** Subscribes to what each catch-up after a disconnect brought (the notifications hook tells the agent of it). */
  onCaughtUp: OnCaughtUp;
} {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const [liveSocket, setLiveSocket] = useState<LiveSocket | null>(null);
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  // Where this tab is, to say again on reconnect, on a colleague's arrival and as a heartbeat.
  const here = useRef<{ conversationId: string | null; typing: boolean }>({ conversationId: null, typing: false });
  const announce = useCallback((conversationId: string | null, typing: boolean) => {
    here.current = { conversationId, typing };
    socketRef.current?.emit("presence", here.current);
  }, []);
  const caughtUpListeners = useRef(new Set<(c: CaughtUp) => void>());
  const onCaughtUp = useCallback<OnCaughtUp>((listener) => {
    caughtUpListeners.current.add(listener);
    return () => void caughtUpListeners.current.delete(listener);
  }, []);

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: "/socket.io", withCredentials: true });
    socketRef.current = socket;
    setLiveSocket(socket);
    const tracker = new ChangeTracker();
    let catchingUp: Promise<void> | null = null;
    let again = false;
    // When the socket went away (null while connected and caught up): what catch-up then brings is news.
    let awaySince: number | null = null;
    const seen = (m: MessageDto) => !!qc.getQueryData<InfiniteData<MessagePage>>(keys.messages(m.conversationId))?.pages.some((p) => p.messages.some((x) => x.id === m.id));
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

    const keepConversation = (shared: ConversationDto) => {
      const conversation = forViewer(qc, shared, me.userId);
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
          const away = socket.connected ? awaySince : null;
          const changes = await api.changes(tracker.sinceQuery());
          const unseen = away === null ? [] : changes.messages.filter((m) => !seen(m) && Date.parse(m.createdAt) >= away - AWAY_SLACK_MS);
          if (!changes.complete) {
            // More happened than a catch-up carries: load what is shown afresh.
            void qc.invalidateQueries({ queryKey: keys.allConversations });
            void qc.invalidateQueries({ queryKey: ["messages"] });
          }
          for (const m of changes.messages) keepMessage(m);
          for (const c of changes.conversations) keepConversation(c);
          tracker.advanceTo(changes.inboxes);
          if (away !== null) {
            awaySince = null;
            const caught: CaughtUp = { messages: unseen, conversations: changes.conversations, awaySince: away };
            for (const listener of caughtUpListeners.current) listener(caught);
          }
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
      if (here.current.conversationId) socket.emit("presence", here.current);
      // Whatever happened while there was no socket (or during the handshake) comes from the database.
      if (tracker.started) catchUp();
    });
    socket.on("disconnect", (reason) => {
      awaySince ??= Date.now();
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
    // An admin changed the inboxes this agent works in (the server already moved the socket's
    // rooms): what is shown may hold an inbox no longer theirs, or lack a new one. Load it afresh.
    socket.on("inboxes-changed", () => {
      recentConversations.clear();
      recentMessages.clear();
      void qc.invalidateQueries({ queryKey: keys.allConversations });
      void qc.invalidateQueries({ queryKey: ["messages"] });
      catchUp();
    });
    // Nudges without data (the lists are fetched under this agent's own scope).
    socket.on("members-changed", () => void qc.invalidateQueries({ queryKey: ["members"] }));
    socket.on("integrations-changed", () => {
      void qc.invalidateQueries({ queryKey: keys.allConversations });
      void qc.invalidateQueries({ queryKey: ["conversation"] });
    });
    let lastEcho = 0;
    socket.on("presence", (p: Presence) => {
      if (p.userId === me.userId) return; // this agent's own tabs
      qc.setQueryData<Colleague[]>(presenceKey(p.conversationId), (list = []) => {
        const others = list.filter((c) => c.key !== p.key);
        return p.state === "left" ? others : [...others, { key: p.key, userId: p.userId, name: p.name, state: p.state, at: Date.now() }];
      });
      // A colleague just arrived where this tab is: tell them we are here too (at most every 2 s).
      if (p.state === "viewing" && p.conversationId === here.current.conversationId && Date.now() - lastEcho > 2000) {
        lastEcho = Date.now();
        socket.emit("presence", here.current);
      }
    });
    const presenceTimer = window.setInterval(() => {
      const now = Date.now();
      for (const [key, list] of qc.getQueriesData<Colleague[]>({ queryKey: ["presence"] })) {
        if (!list?.length) continue;
        const kept = list
          .filter((c) => now - c.at < PRESENCE_TTL_MS)
          .map((c) => (c.state === "typing" && now - c.at > TYPING_TTL_MS ? { ...c, state: "viewing" as const } : c));
        if (kept.length !== list.length || kept.some((c, i) => c !== list[i])) qc.setQueryData(key, kept);
      }
    }, 2000);
    const heartbeat = window.setInterval(() => {
      if (socket.connected && here.current.conversationId) socket.emit("presence", { conversationId: here.current.conversationId, typing: false });
    }, PRESENCE_HEARTBEAT_MS);
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
      window.clearInterval(presenceTimer);
      window.clearInterval(heartbeat);
      socketRef.current = null;
      setLiveSocket(null);
      unsubscribe();
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      socket.disconnect();
    };
  }, [qc, me.userId]);

  return { state, announce, socket: liveSocket, onCaughtUp };
}
