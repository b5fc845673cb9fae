"use client";

import { useEffect, useId, useState } from "react";
import type { Me } from "@/lib/shared/me";
import { CANNED_TEXT_MAX, SHORTCUT_MAX, type CannedReplyDto } from "@/lib/shared/canned-reply";
import { api } from "@/lib/client/api";
import { SettingsNav } from "@/components/settings/settings-nav";

type Props = { me: Me; initial: CannedReplyDto[] };

const byShortcut = (a: CannedReplyDto, b: CannedReplyDto) => a.shortcut.localeCompare(b.shortcut);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : "Something went wrong");

/** The fields of one canned reply, for adding a new one or editing one in place. */
function CannedForm({ initial, submitLabel, onSubmit, onCancel }: { initial?: CannedReplyDto; submitLabel: string; onSubmit: (v: { shortcut: string; text: string }) => Promise<boolean>; onCancel?: () => void }) {
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? "");
  const [text, setText] = useState(initial?.text ?? "");
  const [busy, setBusy] = useState(false);
  const id = useId();
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
      <label htmlFor={`${id}-shortcut`}>Shortcut</label>
      <div className="canned-shortcut-field">
        <span aria-hidden="true">/</span>
        <input id={`${id}-shortcut`} value={shortcut} maxLength={SHORTCUT_MAX + 1} required onChange={(e) => setShortcut(e.target.value)} autoComplete="off" />
      </div>
      <label htmlFor={`${id}-text`}>Text</label>
      <textarea id={`${id}-text`} value={text} maxLength={CANNED_TEXT_MAX} required rows={3} onChange={(e) => setText(e.target.value)} aria-describedby={`${id}-help`} />
      <p className="settings-sub" id={`${id}-help`}>
        <code>{"{{contact.name}}"}</code> and <code>{"{{agent.name}}"}</code> are filled in when the reply is inserted.
      </p>
      <div className="canned-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Admins manage the account's canned replies; every change goes through the admin-only API. */
export function CannedSettings({ me, initial }: Props) {
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
      setError(messageOf(err));
      return false;
    }
  };

  return (
    <main className="settings">
      <SettingsNav current="canned" />
      <h1>Canned replies</h1>
      <p className="settings-sub">Snippets for {me.account.name}: agents type / and the shortcut in the composer to insert one.</p>
      {error && (
        <p className="settings-note danger" role="alert">
          {error}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <section aria-labelledby="canned-add-heading">
        <h2 id="canned-add-heading">Add a canned reply</h2>
        {ready && (
          <CannedForm
            submitLabel="Add canned reply"
            onSubmit={(v) =>
              run(async () => {
                const made = await api.createCannedReply(v);
                setItems((list) => [...list, made].sort(byShortcut));
                return `Added /${made.shortcut}`;
              })
            }
          />
        )}
      </section>
      <section aria-labelledby="canned-list-heading">
        <h2 id="canned-list-heading">Saved replies</h2>
        {items.length === 0 ? (
          <p className="settings-sub">None yet.</p>
        ) : (
          <ul className="canned-list" aria-label="Canned replies">
            {items.map((c) => (
              <li key={c.id} className="canned-item" aria-label={`/${c.shortcut}`}>
                {editing === c.id ? (
                  <CannedForm
                    initial={c}
                    submitLabel="Save"
                    onCancel={() => setEditing(null)}
                    onSubmit={(v) =>
                      run(async () => {
                        const saved = await api.updateCannedReply(c.id, { shortcut: v.shortcut, text: v.text });
                        setItems((list) => list.map((x) => (x.id === c.id ? saved : x)).sort(byShortcut));
                        setEditing(null);
                        return `Saved /${saved.shortcut}`;
                      })
                    }
                  />
                ) : (
                  <>
                    <code className="canned-shortcut">/{c.shortcut}</code>
                    <p className="canned-text">{c.text}</p>
                    <div className="canned-actions">
                      <button type="button" className="button" disabled={!ready} onClick={() => setEditing(c.id)}>
                        Edit /{c.shortcut}
                      </button>
                      <button
                        type="button"
                        className="button"
                        disabled={!ready}
                        onClick={() => {
                          if (!window.confirm(`Delete /${c.shortcut}?`)) return;
                          void run(async () => {
                            await api.deleteCannedReply(c.id);
                            setItems((list) => list.filter((x) => x.id !== c.id));
                            return `Deleted /${c.shortcut}`;
                          });
                        }}
                      >
                        Delete /{c.shortcut}
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
