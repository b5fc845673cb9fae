"use client";

import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ConversationDto, MessageDto } from "@/lib/shared/dto";
import type { Mention, ServerToClientEvents } from "@/lib/shared/events";
import type { Me } from "@/lib/shared/me";
import { defaultNotificationPreferences, type NotificationPreferences } from "@/lib/shared/notification-preferences";
import { api } from "@/lib/client/api";
import { keys } from "@/lib/client/cache";
import { cachedConversation } from "@/lib/client/cache-actions";
import { playChime, unlockChime } from "@/lib/client/chime";
import { showFaviconBadge } from "@/lib/client/favicon-badge";
import { excerpt, isCustomerMessage, kindForMessage, opensConversation, titleWithCount, type NotifyKind } from "@/lib/client/notify-rules";
import { once, setViewing, viewedElsewhere, VIEWING_HEARTBEAT_MS } from "@/lib/client/notify-tabs";
import type { MessageKey } from "@/lib/shared/i18n/translate";
import type { LiveSocket } from "@/hooks/use-realtime";

export const notifyKeys = {
  preferences: ["notification-preferences"] as const,
  unread: ["unread-conversations"] as const,
};

/** A customer message's conversation arrives in the event right after it; this long at most. */
const CONVERSATION_WAIT_MS = 1500;
/** The count is asked again this long after the lists change (and once more later: a read lands on the server after the optimistic change). */
const RECOUNT_MS = [400, 2500];

/** The agent's preferences (defaults until loaded), shared by the hook and the dialog. */
export function useNotificationPreferences() {
  return useQuery({ queryKey: notifyKeys.preferences, queryFn: api.notificationPreferences });
}

type Options = {
  me: Me;
  socket: LiveSocket | null;
  selectedId: string | null;
  open: (conversationId: string) => void;
  /** The UI's words (components/i18n.tsx's useI18n: hooks do not import components). */
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
};

/**
 * The tab title's and favicon's unread count, and the chime and desktop notifications for
 * new conversations, customer messages in conversations assigned to me and mentions of me,
 * each as the agent chose. Only events of this tab's session reach it (the server's rooms);
 * customers' messages are the only messages that notify, never the agent's own actions.
 * Nothing for a conversation one of the agent's tabs shows on screen, and one notification
 * per event however many tabs are open (notify-tabs.ts; the Notification tag as well).
 */
export function useNotifications({ me, socket, selectedId, open, t }: Options): void {
  const qc = useQueryClient();
  const myId = me.user.id;
  const prefs = useNotificationPreferences();
  const unread = useQuery({ queryKey: notifyKeys.unread, queryFn: api.unreadConversations });
  const [tabId] = useState(() => Math.random().toString(36).slice(2));

  // Read by event handlers set up once per socket.
  const latest = useRef({ prefs: defaultNotificationPreferences as NotificationPreferences, selectedId, open, t });
  useEffect(() => {
    latest.current = { prefs: prefs.data ?? defaultNotificationPreferences, selectedId, open, t };
  });

  const count = unread.data ?? 0;
  useEffect(() => {
    document.title = titleWithCount(document.title, count);
    void showFaviconBadge(count);
  }, [count]);
  useEffect(
    () => () => {
      document.title = titleWithCount(document.title, 0);
      void showFaviconBadge(0);
    },
    [],
  );

  // Any change to the cached conversations (live events, catch-up, a read) may change the count.
  useEffect(() => {
    let timers: number[] = [];
    const recount = () => void qc.invalidateQueries({ queryKey: notifyKeys.unread });
    const unsubscribe = qc.getQueryCache().subscribe((e) => {
      if (e.type !== "updated" || e.action.type !== "success" || !e.action.manual) return;
      const k = e.query.queryKey[0];
      if (k !== keys.allConversations[0] && k !== "conversation") return;
      timers.forEach((x) => window.clearTimeout(x));
      timers = RECOUNT_MS.map((ms) => window.setTimeout(recount, ms));
    });
    socket?.on("connect", recount);
    return () => {
      unsubscribe();
      timers.forEach((x) => window.clearTimeout(x));
      socket?.off("connect", recount);
    };
  }, [qc, socket]);

  // Which conversation this tab shows on screen, for the agent's other tabs.
  useEffect(() => {
    const say = () => setViewing(myId, tabId, document.visibilityState === "visible" ? selectedId : null);
    say();
    const beat = window.setInterval(say, VIEWING_HEARTBEAT_MS);
    const gone = () => setViewing(myId, tabId, null);
    document.addEventListener("visibilitychange", say);
    window.addEventListener("pagehide", gone);
    return () => {
      window.clearInterval(beat);
      document.removeEventListener("visibilitychange", say);
      window.removeEventListener("pagehide", gone);
      gone();
    };
  }, [myId, tabId, selectedId]);

  // Browsers keep audio off until the page had an interaction: the first one wakes the chime.
  useEffect(() => {
    const wake = () => unlockChime();
    window.addEventListener("pointerdown", wake, { once: true });
    window.addEventListener("keydown", wake, { once: true });
    return () => {
      window.removeEventListener("pointerdown", wake);
      window.removeEventListener("keydown", wake);
    };
  }, []);

  useEffect(() => {
    if (!socket) return;
    const waiting = new Map<string, ((c: ConversationDto) => void)[]>();

    const known = (id: string) => cachedConversation(qc, id) !== undefined;
    const cached = (id: string): ConversationDto | null => cachedConversation(qc, id) ?? null;
    // The conversation as the change that brought the message left it (its assignee may have just been set).
    const conversationAfter = (id: string) =>
      new Promise<ConversationDto | null>((resolve) => {
        const timer = window.setTimeout(() => {
          const list = waiting.get(id)?.filter((f) => f !== done);
          if (list?.length) waiting.set(id, list);
          else waiting.delete(id);
          resolve(cached(id) ?? api.conversation(id).catch(() => null));
        }, CONVERSATION_WAIT_MS);
        const done = (c: ConversationDto) => {
          window.clearTimeout(timer);
          resolve(c);
        };
        waiting.set(id, [...(waiting.get(id) ?? []), done]);
      });

    const notify = async (kind: NotifyKind, n: { tag: string; conversationId: string; title: string; body: string }) => {
      const { prefs: p, selectedId: here } = latest.current;
      if (document.visibilityState === "visible" && here === n.conversationId) return;
      if (viewedElsewhere(myId, tabId, n.conversationId)) return;
      const desktop = p.desktop && typeof Notification !== "undefined" && Notification.permission === "granted";
      if (!desktop && !p.sound) return;
      await once(myId, n.tag, () => {
        if (p.sound) playChime();
        if (!desktop) return;
        try {
          const shown = new Notification(n.title, { body: n.body, tag: n.tag, icon: "/favicon.svg", data: { conversationId: n.conversationId, kind } });
          shown.addEventListener("click", () => {
            window.focus();
            latest.current.open(n.conversationId);
            shown.close();
          });
        } catch {
          // Some browsers only notify from a service worker: the title and favicon still count.
        }
      });
    };

    const onConversation: ServerToClientEvents["update-conversation"] = ({ conversation }) => {
      const list = waiting.get(conversation.id);
      if (!list) return;
      waiting.delete(conversation.id);
      for (const f of list) f(conversation);
    };
    const onMessage = (message: MessageDto) => {
      if (!isCustomerMessage(message)) return;
      const id = message.conversationId;
      const wasKnown = known(id);
      void (async () => {
        const conversation = await conversationAfter(id);
        const { prefs: p, t: tr } = latest.current;
        // Unknown here is not always new (an old one beyond the loaded pages): its newest messages say.
        const opened = !wasKnown && p.newConversations && (await api.messages(id, null).then((page) => opensConversation(message, page), () => false));
        const kind = kindForMessage({ message, conversation, opened, myId, prefs: p });
        if (!kind) return;
        const name = conversation?.contact.name ?? "";
        await notify(kind, {
          tag: kind === "newConversation" ? `conversation:${id}` : `message:${message.id}`,
          conversationId: id,
          title: kind === "newConversation" ? tr("notify.newConversationTitle", { name }) : tr("notify.assignedTitle", { name }),
          body: excerpt(message.text, tr("notify.attachment")),
        });
      })();
    };
    const onNew: ServerToClientEvents["new-message"] = ({ message }) => onMessage(message);
    const onMention = (m: Mention) => {
      const { prefs: p, t: tr } = latest.current;
      if (!p.mentions || m.by.id === myId) return;
      void notify("mention", { tag: `mention:${m.messageId}`, conversationId: m.conversationId, title: tr("notify.mentionTitle", { name: m.by.name }), body: m.excerpt });
    };
    const onPreferences: ServerToClientEvents["preferences-changed"] = ({ preferences }) => qc.setQueryData(notifyKeys.preferences, preferences);

    socket.on("new-message", onNew);
    socket.on("update-conversation", onConversation);
    socket.on("mention", onMention);
    socket.on("preferences-changed", onPreferences);
    return () => {
      socket.off("new-message", onNew);
      socket.off("update-conversation", onConversation);
      socket.off("mention", onMention);
      socket.off("preferences-changed", onPreferences);
    };
  }, [socket, qc, myId, tabId]);
}
