"use client";

import { useEffect, useId, useState } from "react";
import type { Me } from "@/lib/shared/me";
import { CANNED_TEXT_MAX, SHORTCUT_MAX, type CannedReplyDto } from "@/lib/shared/canned-reply";
import { api } from "@/lib/client/api";
import { SettingsNav } from "@/components/settings/settings-nav";
import { errorText, rich, useI18n } from "@/components/i18n";

type Props = { me: Me; initial: CannedReplyDto[] };

const byShortcut = (a: CannedReplyDto, b: CannedReplyDto) => a.shortcut.localeCompare(b.shortcut);

/** The fields of one canned reply, for adding a new one or editing one in place. */
function CannedForm({ initial, submitLabel, onSubmit, onCancel }: { initial?: CannedReplyDto; submitLabel: string; onSubmit: (v: { shortcut: string; text: string }) => Promise<boolean>; onCancel?: () => void }) {
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? "");
  const [text, setText] = useState(initial?.text ?? "");
  const [busy, setBusy] = useState(false);
  const id = useId();
  const { t } = useI18n();
  return (
    <form
      className="canned-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onSubmit({ shortcut, text }).then((ok) => {
          setBusy(false);
          if (ok && !initial) {
            setShortcut("");
            setText("");
          }
        });
      }}
    >
      <label htmlFor={`${id}-shortcut`}>{t("canned.shortcut")}</label>
      <div className="canned-shortcut-field">
        <span aria-hidden="true">/</span>
        <input id={`${id}-shortcut`} value={shortcut} maxLength={SHORTCUT_MAX + 1} required onChange={(e) => setShortcut(e.target.value)} autoComplete="off" />
      </div>
      <label htmlFor={`${id}-text`}>{t("canned.text")}</label>
      <textarea id={`${id}-text`} value={text} maxLength={CANNED_TEXT_MAX} required rows={3} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-help`} />
      <p className="settings-sub" id={`${id}-help`}>
        {rich(t("canned.placeholders"), { contact: <code>{"{{contact.name}}"}</code>, agent: <code>{"{{agent.name}}"}</code> })}
      </p>
      <div className="canned-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t("canned.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

/** Admins manage the account's canned replies; every change goes through the admin-only API. */
export function CannedSettings({ me, initial }: Props) {
  const { t, locale } = useI18n();
  const [items, setItems] = useState(initial);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // Buttons work once the page is interactive: a click before that would be lost.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  const run = async (what: () => Promise<string>): Promise<boolean> => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await what());
      return true;
    } catch (err) {
      setError(errorText(locale, err, t("settings.failed")));
      return false;
    }
  };

  return (
    <main className="settings">
      <SettingsNav current="canned" />
      <h1>{t("settings.canned")}</h1>
      <p className="settings-sub">{t("canned.sub", { account: me.account.name })}</p>
      {error && (
        <p className="settings-note danger" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <section aria-labelledby="canned-add-heading">
        <h2 id="canned-add-heading">{t("canned.addHeading")}</h2>
        {ready && (
          <CannedForm
            submitLabel={t("canned.add")}
            onSubmit={(v) =>
              run(async () => {
                const made = await api.createCannedReply(v);
                setItems((list) => [...list, made].sort(byShortcut));
                return t("canned.added", { shortcut: made.shortcut });
              })
            }
          />
        )}
      </section>
      <section aria-labelledby="canned-list-heading">
        <h2 id="canned-list-heading">{t("canned.saved")}</h2>
        {items.length === 0 ? (
          <p className="settings-sub">{t("canned.none")}</p>
        ) : (
          <ul className="canned-list" aria-label={t("settings.canned")}>
            {items.map((c) => (
              <li key={c.id} className="canned-item" aria-label={`/${c.shortcut}`}>
                {editing === c.id ? (
                  <CannedForm
                    initial={c}
                    submitLabel={t("canned.save")}
                    onCancel={() => setEditing(null)}
                    onSubmit={(v) =>
                      run(async () => {
                        const saved = await api.updateCannedReply(c.id, { shortcut: v.shortcut, text: v.text });
                        setItems((list) => list.map((x) => (x.id === c.id ? saved : x)).sort(byShortcut));
                        setEditing(null);
                        return t("canned.savedOne", { shortcut: saved.shortcut });
                      })
                    }
                  />
                ) : (
                  <>
                    <code className="canned-shortcut">/{c.shortcut}</code>
                    <p className="canned-text">{c.text}</p>
                    <div className="canned-actions">
                      <button type="button" className="button" disabled={!ready} onClick={() => setEditing(c.id)}>
                        {t("canned.edit", { shortcut: c.shortcut })}
                      </button>
                      <button
                        type="button"
                        className="button"
                        disabled={!ready}
                        onClick={() => {
                          if (!window.confirm(t("canned.deleteConfirm", { shortcut: c.shortcut }))) return;
                          void run(async () => {
                            await api.deleteCannedReply(c.id);
                            setItems((list) => list.filter((x) => x.id !== c.id));
                            return t("canned.deleted", { shortcut: c.shortcut });
                          });
                        }}
                      >
                        {t("canned.delete", { shortcut: c.shortcut })}
                      </button>
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
