"use client";

import { useEffect, useId, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useQueryClient } from "@tanstack/react-query";
import type { Me } from "@/lib/shared/me";
import { defaultNotificationPreferences, type NotificationPreferences } from "@/lib/shared/notification-preferences";
import { api } from "@/lib/client/api";
import { playChime, unlockChime } from "@/lib/client/chime";
import { useI18n } from "@/components/i18n";
import { notifyKeys, useNotificationPreferences } from "@/hooks/use-notifications";
import "./notifications.css";

type Permission = "default" | "granted" | "denied" | "unsupported";

const currentPermission = (): Permission => (typeof Notification === "undefined" ? "unsupported" : Notification.permission);

function BellIcon({ size = 16 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The account menu's "Notifications" item (every member, agents too) and the dialog it opens. */
export function NotificationsMenuItem({ me }: { me: Me }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <>
      <button type="button" className="menu-item" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <BellIcon size={16} />
        {t("notify.menuItem")}
      </button>
      {mounted && open && createPortal(<NotificationsDialog me={me} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

function NotificationsDialog({ me, onClose }: { me: Me; onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const prefs = useNotificationPreferences();
  // The box follows the click at once (the cache tells its observers a tick later), then the cache again.
  const [draft, setDraft] = useState<NotificationPreferences | null>(null);
  useEffect(() => setDraft(null), [prefs.data]);
  const value = draft ?? prefs.data ?? defaultNotificationPreferences;
  const [permission, setPermission] = useState<Permission>("unsupported");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    setPermission(currentPermission());
    // The browser's own setting may change while the dialog is open (its site settings, a prompt's answer).
    let status: PermissionStatus | null = null;
    const follow = () => setPermission(currentPermission());
    navigator.permissions
      ?.query({ name: "notifications" })
      .then((s) => {
        status = s;
        s.addEventListener("change", follow);
      })
      .catch(() => undefined);
    return () => {
      status?.removeEventListener("change", follow);
      dialog?.close();
      document.querySelector<HTMLButtonElement>(".user-button")?.focus();
    };
  }, []);

  const change = (patch: Partial<NotificationPreferences>) => {
    const before = qc.getQueryData<NotificationPreferences>(notifyKeys.preferences) ?? value;
    setDraft({ ...value, ...patch });
    qc.setQueryData(notifyKeys.preferences, { ...before, ...patch });
    setError(null);
    api.updateNotificationPreferences(patch).then(
      (saved) => qc.setQueryData(notifyKeys.preferences, saved),
      () => {
        setDraft(null);
        qc.setQueryData(notifyKeys.preferences, before);
        setError(t("notify.saveFailed"));
      },
    );
  };

  const ask = () => {
    // Asked only here, from the agent's click: never on load.
    void Notification.requestPermission().then(() => setPermission(currentPermission()), () => setPermission(currentPermission()));
  };

  const toggle = (key: keyof NotificationPreferences, label: string) => (
    <label className="notify-option">
      <input
        type="checkbox"
        checked={value[key]}
        disabled={prefs.isPending}
        onChange={(e) => {
          if (key === "sound" && e.target.checked) {
            unlockChime();
            playChime();
          }
          change({ [key]: e.target.checked });
        }}
      />
      <span>{label}</span>
    </label>
  );

  return (
    <dialog
      ref={ref}
      className="notify-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // a click on the backdrop
      }}
    >
      <div className="notify-body">
        <h2 id={titleId}>{t("notify.dialogTitle")}</h2>
        <p className="notify-intro">{t("notify.intro", { account: me.account.name })}</p>

        <div className={`notify-permission is-${permission}`}>
          <p role="status">
            {permission === "granted" && t("notify.permissionGranted")}
            {permission === "denied" && t("notify.permissionDenied")}
            {permission === "unsupported" && t("notify.permissionUnsupported")}
            {permission === "default" && t("notify.permissionDefault")}
          </p>
          {permission === "default" && (
            <button type="button" className="button primary" onClick={ask}>
              {t("notify.allow")}
            </button>
          )}
        </div>

        {toggle("desktop", t("notify.desktop"))}
        <div className="notify-sound-row">
          {toggle("sound", t("notify.sound"))}
          <button
            type="button"
            className="button"
            onClick={() => {
              unlockChime();
              playChime();
            }}
          >
            {t("notify.testSound")}
          </button>
        </div>

        <fieldset className="notify-events">
          <legend>{t("notify.events")}</legend>
          {toggle("newConversations", t("notify.newConversations"))}
          {toggle("assigned", t("notify.assigned"))}
          {toggle("mentions", t("notify.mentions"))}
        </fieldset>

        {error && (
          <p role="alert" className="danger-text">
            {error}
          </p>
        )}
        <div className="notify-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("notify.close")}
          </button>
        </div>
      </div>
    </dialog>
  );
}
