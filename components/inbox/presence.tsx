"use client";

import { createContext, useContext, useRef } from "react";
import { useQuery } from "@tanstack/react-query";
import { presenceKey, type Colleague } from "@/hooks/use-realtime";
import { useI18n } from "@/components/i18n";

type Announce = (conversationId: string | null, typing: boolean) => void;

/** How the composer says "typing": given by the inbox, which owns the socket. */
export const PresenceContext = createContext<Announce>(() => undefined);

/** While typing, "typing" goes out at most this often; the colleague's view fades it after 6 s. */
const TYPING_EVERY_MS = 3000;

/** A function to call on every keystroke in a conversation's composer: throttled to one event per 3 s. */
export function useTypingSignal(conversationId: string): { typing: () => void; stopped: () => void } {
  const announce = useContext(PresenceContext);
  const last = useRef(0);
  return {
    typing: () => {
      if (Date.now() - last.current < TYPING_EVERY_MS) return;
      last.current = Date.now();
      announce(conversationId, true);
    },
    stopped: () => {
      if (!last.current) return;
      last.current = 0;
      announce(conversationId, false);
    },
  };
}

/** Colleagues in this conversation right now: "Carol Tran is typing…", "Dave is viewing". */
export function Colleagues({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const { data = [] } = useQuery<Colleague[]>({ queryKey: presenceKey(conversationId), queryFn: () => [], staleTime: Infinity, gcTime: Infinity });
  // One line per agent (several tabs of one agent count once; typing wins).
  const byAgent = new Map<string, Colleague>();
  for (const c of data) {
    const seen = byAgent.get(c.userId);
    if (!seen || (c.state === "typing" && seen.state !== "typing")) byAgent.set(c.userId, c);
  }
  const agents = [...byAgent.values()];
  if (!agents.length) return null;
  const typing = agents.filter((a) => a.state === "typing");
  const viewing = agents.filter((a) => a.state !== "typing");
  const names = (list: Colleague[]) => list.map((a) => a.name).join(", ");
  return (
    <p className="colleagues" role="status" aria-label={t("presence.region")}>
      {typing.length > 0 && <span className="typing">{t(typing.length === 1 ? "presence.typingOne" : "presence.typingMany", { names: names(typing) })}</span>}
      {typing.length > 0 && viewing.length > 0 && " · "}
      {viewing.length > 0 && <span>{t(viewing.length === 1 ? "presence.viewingOne" : "presence.viewingMany", { names: names(viewing) })}</span>}
    </p>
  );
}
