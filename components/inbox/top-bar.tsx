"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import type { Me } from "@/lib/shared/me";
import { api } from "@/lib/client/api";
import { Avatar } from "@/components/inbox/avatar";
import { ChevronDownIcon, LogoMark, LogOutIcon } from "@/components/inbox/icons";
import type { LiveSocket, LiveState } from "@/hooks/use-realtime";
import { useDismiss } from "@/hooks/use-dismiss";
import { MentionsMenu } from "@/components/inbox/mentions-menu";
import { NotificationsMenuItem } from "@/components/inbox/notifications-dialog";
import { LanguageSwitch, useI18n } from "@/components/i18n";
import type { MessageKey } from "@/lib/shared/i18n/translate";

const live: Record<LiveState, { label: MessageKey; hint: MessageKey }> = {
  connecting: { label: "live.connecting", hint: "live.connectingHint" },
  live: { label: "live.live", hint: "live.liveHint" },
  reconnecting: { label: "live.reconnecting", hint: "live.reconnectingHint" },
  offline: { label: "live.offline", hint: "live.offlineHint" },
};

/** `mentions`: the socket and how to open a conversation, for the notification centre. */
export function TopBar({ me, live: state, mentions }: { me: Me; live: LiveState; mentions?: { socket: LiveSocket | null; open: (conversationId: string) => void } }) {
  const { t } = useI18n();
  return (
    <header className="topbar">
      <h1 className="brand">
        <LogoMark size={26} />
        <span className="brand-name">Inbox</span>
      </h1>
      <span className="topbar-sep" aria-hidden="true" />
      <span className="account-name" title={t("top.account")}>
        {me.account.name}
      </span>
      {me.demoPlatform && (
        <span className="demo-badge" title={t("top.demoHint")}>
          {t("top.demo")}
        </span>
      )}
      <span className="topbar-spacer" />
      <span className={`live live-${state}`} role="status" aria-label={t("top.liveAria", { state: t(live[state].label) })} title={t(live[state].hint)}>
        <span className="dot" aria-hidden="true" />
        <span className="live-label">
          {t(live[state].label)}
        </span>
      </span>
      {mentions && <MentionsMenu socket={mentions.socket} open={mentions.open} />}
      {me.user.role === "admin" && (
        <a className="button" href="/settings/channels">
          {t("top.settings")}
        </a>
      )}
      <UserMenu me={me} />
    </header>
  );
}

/** A disclosure: the button toggles a small panel; Escape or a click outside closes it. */
function UserMenu({ me }: { me: Me }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  useDismiss(
    open,
    root,
    useCallback((refocus: boolean) => {
      setOpen(false);
      if (refocus) trigger.current?.focus();
    }, []),
  );
  return (
    <div className="user-menu" ref={root}>
      <button
        ref={trigger}
        type="button"
        className="user-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={me.user.name} url={null} size={30} />
        <span className="user-name">{me.user.name}</span>
        <span className="visually-hidden">{t("menu.account")}</span>
        <ChevronDownIcon size={16} className="chevron" />
      </button>
      <div className="menu" id={panelId} hidden={!open}>
        <div className="menu-head">
          <Avatar name={me.user.name} url={null} size={36} />
          <div>
            <p className="menu-name">{me.user.name}</p>
            <p className="menu-email">{me.user.email}</p>
          </div>
        </div>
        <p className="menu-role">
          {t(me.user.role === "admin" ? "menu.adminAt" : "menu.agentAt", { account: me.account.name })}
        </p>
        <Availability me={me} />
        <NotificationsMenuItem me={me} />
        <SwitchAccount me={me} />
        <LanguageSwitch className="language-switch menu-language" />
        <button type="button" className="menu-item" onClick={() => void signOut({ callbackUrl: "/login" })}>
          <LogOutIcon size={16} />
          {t("menu.signOut")}
        </button>
      </div>
    </div>
  );
}

/** Online or away in this account: away, no conversation is given to the agent automatically. */
function Availability({ me }: { me: Me }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const members = useQuery({ queryKey: ["members"], queryFn: api.members, staleTime: 5 * 60_000 });
  const mine = members.data?.find((m) => m.id === me.user.id)?.availability ?? "online";
  const next = mine === "online" ? "away" : "online";
  return (
    <button
      type="button"
      className="menu-item"
      aria-label={t(mine === "online" ? "menu.availableAria" : "menu.awayAria")}
      onClick={() => void api.setAvailability(next).then(() => client.invalidateQueries({ queryKey: ["members"] }))}
    >
      <span className={`availability-dot is-${mine}`} aria-hidden="true" />
      {t(mine === "online" ? "menu.available" : "menu.away")}
    </button>
  );
}

/**
 * For a member of several accounts: "Switch account" opens the list of the
 * others; choosing one mints a session for it server-side (the old one is
 * revoked), then the page reloads into the new account.
 */
function SwitchAccount({ me }: { me: Me }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const first = useRef<HTMLButtonElement>(null);
  const others = me.accounts.filter((a) => a.id !== me.account.id);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  if (others.length === 0) return null;
  async function choose(accountId: string) {
    setPending(accountId);
    setError(null);
    try {
      await api.switchAccount(accountId);
      // A full reload: no cache, socket or URL state of the previous account survives.
      window.location.assign("/");
    } catch {
      setPending(null);
      setError(t("menu.switchFailed"));
    }
  }
  return (
    <>
      <div role="menu" aria-label={t("menu.accounts")} className="menu-list">
        <button
          type="button"
          role="menuitem"
          className="menu-item"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
        >
          {t("menu.switchAccount")}
          <ChevronDownIcon size={16} className="chevron" aria-hidden="true" />
        </button>
      </div>
      <div role="menu" id={listId} aria-label={t("menu.switchAccount")} className="menu-list" hidden={!open} style={{ paddingInlineStart: "0.9rem" }}>
        {others.map((a, i) => (
          <button
            key={a.id}
            ref={i === 0 ? first : undefined}
            type="button"
            role="menuitem"
            className="menu-item"
            disabled={pending !== null}
            onClick={() => void choose(a.id)}
          >
            <Avatar name={a.name} url={null} size={22} />
            {pending === a.id ? t("menu.switching", { name: a.name }) : a.name}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="menu-email">
          {error}
        </p>
      )}
    </>
  );
}
