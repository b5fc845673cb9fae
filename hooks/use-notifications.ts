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
import type { CaughtUp, LiveSocket, OnCaughtUp } from "@/hooks/use-realtime";
import type { MentionDto } from "@/lib/shared/mention";

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
  /** What catch-up after a disconnect brought (use-realtime): it notifies as the live events would have. */
  onCaughtUp?: OnCaughtUp;
};

/** At most this many conversations of one catch-up are looked at (each may cost a request). */
const CATCH_UP_CONVERSATIONS = 20;

type Pending = { kind: NotifyKind; tag: string; conversationId: string; title: string; body: string };

/**
 * The tab title's and favicon's unread count, and the chime and desktop notifications for
 * new conversations, customer messages in conversations assigned to me and mentions of me,
 * each as the agent chose. Only events of this tab's session reach it (the server's rooms);
 * customers' messages are the only messages that notify, never the agent's own actions.
 * Nothing for a conversation one of the agent's tabs shows on screen, and one notification
 * per event however many tabs are open (notify-tabs.ts; the Notification tag as well).
 * What arrived while the tab had no socket notifies when it is back: mentions from the stored
 * ones newer than the newest it knew, customer messages from the catch-up; several of a kind
 * make one summary notification (each event still claimed once across the agent's tabs).
 */
export function useNotifications({ me, socket, selectedId, open, t, onCaughtUp }: Options): void {
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

    // Whether this tab may notify of it at all: not for what one of the agent's tabs shows, and only if the agent wants something.
    const wanted = (conversationId: string) => {
      const { prefs: p, selectedId: here } = latest.current;
      if (document.visibilityState === "visible" && here === conversationId) return null;
      if (viewedElsewhere(myId, tabId, conversationId)) return null;
      const desktop = p.desktop && typeof Notification !== "undefined" && Notification.permission === "granted";
      if (!desktop && !p.sound) return null;
      return { desktop, sound: p.sound };
    };
    const show = (how: { desktop: boolean; sound: boolean }, kind: NotifyKind | "summary", n: { tag: string; conversationId: string; title: string; body: string }) => {
      if (how.sound) playChime();
      if (!how.desktop) return;
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
    };
    const notify = async (kind: NotifyKind, n: { tag: string; conversationId: string; title: string; body: string }) => {
      const how = wanted(n.conversationId);
      if (!how) return;
      await once(myId, n.tag, () => show(how, kind, n));
    };
    /** Several events at once (a catch-up): each is claimed across the tabs; one left shows as itself, more as one summary. */
    const notifyMany = async (items: Pending[], summary: (claimed: Pending[]) => { title: string; body: string }) => {
      const open = items.filter((n) => wanted(n.conversationId));
      const claimed = (await Promise.all(open.map(async (n) => ((await once(myId, n.tag, () => undefined)) ? n : null)))).filter((n): n is Pending => n !== null);
      const first = claimed[0];
      const how = first && wanted(first.conversationId);
      if (!first || !how) return;
      if (claimed.length === 1) return show(how, first.kind, first);
      show(how, "summary", { ...summary(claimed), tag: `summary:${first.tag}`, conversationId: first.conversationId });
    };
    const names = (list: string[]) => [...new Set(list.filter(Boolean))].slice(0, 3).join(", ");

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
    // The newest stored mention this tab knows of: after a reconnect, newer unread ones arrived while it was away.
    let newestMention: string | null = null;
    let mentionsKnown = false;
    const mentionItem = (m: { messageId: string; conversationId: string; by: { name: string } | null; excerpt: string }): Pending => ({
      kind: "mention",
      tag: `mention:${m.messageId}`,
      conversationId: m.conversationId,
      title: latest.current.t("notify.mentionTitle", { name: m.by?.name ?? "" }),
      body: m.excerpt,
    });
    const onMention = (m: Mention) => {
      if (!newestMention || m.createdAt > newestMention) newestMention = m.createdAt;
      const { prefs: p } = latest.current;
      if (!p.mentions || m.by.id === myId) return;
      void notify("mention", mentionItem(m));
    };
    const checkMentions = async () => {
      // Taken before the fetch: a live mention during it must not hide the older ones it brings (the tag keeps each once).
      const before = newestMention;
      const page = await api.mentions(null).catch(() => null);
      if (!page) return;
      const wasKnown = mentionsKnown;
      mentionsKnown = true;
      for (const m of page.mentions) if (!newestMention || m.createdAt > newestMention) newestMention = m.createdAt;
      // The first load is what the tab starts from: the list's badge shows it, nothing pops up.
      if (!wasKnown || !latest.current.prefs.mentions) return;
      const missed = page.mentions.filter((m: MentionDto) => !m.readAt && m.by?.id !== myId && (before === null || m.createdAt > before));
      const tr = latest.current.t;
      await notifyMany(missed.map(mentionItem), (claimed) => ({
        title: tr("mentions.whileAwayTitle", { n: claimed.length }),
        body: tr("mentions.whileAwayBody", { names: names(missed.filter((m) => claimed.some((c) => c.tag === `mention:${m.messageId}`)).map((m) => m.by?.name ?? "")) }),
      }));
    };
    const onConnect = () => void checkMentions();

    // Customer messages that arrived while the socket was away, as catch-up brought them.
    const onCaught = ({ messages, conversations }: CaughtUp) => {
      const byConversation = new Map<string, MessageDto[]>();
      for (const m of messages.filter(isCustomerMessage)) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
      if (byConversation.size === 0) return;
      void (async () => {
        const { prefs: p, t: tr } = latest.current;
        const items: Pending[] = [];
        const contacts: string[] = [];
        for (const [id, list] of [...byConversation].slice(0, CATCH_UP_CONVERSATIONS)) {
          const sorted = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
          const first = sorted[0]!;
          const last = sorted[sorted.length - 1]!;
          const conversation = conversations.find((c) => c.id === id) ?? cached(id);
          const opened = p.newConversations && (await api.messages(id, null).then((page) => opensConversation(first, page), () => false));
          const kind = kindForMessage({ message: opened ? first : last, conversation, opened, myId, prefs: p });
          if (!kind) continue;
          const name = conversation?.contact.name ?? "";
          contacts.push(name);
          items.push({
            kind,
            tag: kind === "newConversation" ? `conversation:${id}` : `message:${last.id}`,
            conversationId: id,
            title: kind === "newConversation" ? tr("notify.newConversationTitle", { name }) : tr("notify.assignedTitle", { name }),
            body: excerpt(last.text, tr("notify.attachment")),
          });
        }
        await notifyMany(items, (claimed) => ({
          title: tr("mentions.messagesWhileAwayTitle", { n: claimed.length }),
          body: tr("mentions.messagesWhileAwayBody", { names: names(claimed.map((c) => contacts[items.indexOf(c)] ?? "")) }),
        }));
      })();
    };
    const stopCaught = onCaughtUp?.(onCaught);
    const onPreferences: ServerToClientEvents["preferences-changed"] = ({ preferences }) => qc.setQueryData(notifyKeys.preferences, preferences);

    socket.on("new-message", onNew);
    socket.on("update-conversation", onConversation);
    socket.on("mention", onMention);
    socket.on("preferences-changed", onPreferences);
    socket.on("connect", onConnect);
    if (socket.connected) onConnect();
    return () => {
      stopCaught?.();
      socket.off("connect", onConnect);
      socket.off("new-message", onNew);
      socket.off("update-conversation", onConversation);
      socket.off("mention", onMention);
      socket.off("preferences-changed", onPreferences);
    };
  }, [socket, qc, myId, tabId, onCaughtUp]);
}
