"use client";

import { useEffect, useState } from "react";
import { api, ApiError } from "@/lib/client/api";
import { SettingsNav } from "@/components/settings/settings-nav";
import { LABEL_NAME_MAX, labelColors, type LabelColor, type LabelDto } from "@/lib/shared/labels";

type Props = { accountName: string; labels: LabelDto[] };

const colorName = (c: LabelColor) => c[0]!.toUpperCase() + c.slice(1);

function ColorSelect({ value, onChange, label }: { value: LabelColor; onChange: (c: LabelColor) => void; label: string }) {
  return (
    <select aria-label={label} className="assignee-select" value={value} onChange={(e) => onChange(e.target.value as LabelColor)}>
      {labelColors.map((c) => (
        <option key={c} value={c}>
          {colorName(c)}
        </option>
      ))}
    </select>
  );
}

/** One label: its name and color edited in place, saved by Save; Delete asks first. */
function LabelRow({ label, onSaved, onDeleted, onError }: { label: LabelDto; onSaved: (l: LabelDto) => void; onDeleted: (id: string) => void; onError: (m: string | null) => void }) {
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState<LabelColor>(label.color);
  const [confirming, setConfirming] = useState(false);
  const dirty = name.trim() !== label.name || color !== label.color;
  return (
    <li className="member label-row" aria-label={label.name}>
      <span className={`label-chip label-${color}`} aria-hidden="true">
        {name.trim() || label.name}
      </span>
      <input aria-label={`Name of ${label.name}`} value={name} maxLength={LABEL_NAME_MAX} onChange={(e) => setName(e.target.value)} className="label-name-input" />
      <ColorSelect label={`Color of ${label.name}`} value={color} onChange={setColor} />
      <button
        type="button"
        className="button"
        disabled={!dirty || !name.trim()}
        onClick={() => {
          onError(null);
          api.updateLabel(label.id, { ...(name.trim() !== label.name ? { name: name.trim() } : {}), ...(color !== label.color ? { color } : {}) }).then(onSaved, (e: unknown) => onError(e instanceof ApiError ? e.message : "Could not save"));
        }}
      >
        Save
      </button>
      {confirming ? (
        <>
          <button
            type="button"
            className="button danger"
            onClick={() => {
              onError(null);
              api.deleteLabel(label.id).then(() => onDeleted(label.id), (e: unknown) => onError(e instanceof ApiError ? e.message : "Could not delete"));
            }}
          >
            Delete {label.name} from every conversation
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="button" aria-label={`Delete ${label.name}`} onClick={() => setConfirming(true)}>
          Delete
        </button>
      )}
    </li>
  );
}

/** The account's labels. Agents apply them from a conversation's header; only admins reach this page. */
export function LabelsSettings({ accountName, labels: initial }: Props) {
  const [labels, setLabels] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [color, setColor] = useState<LabelColor>("blue");
  // Buttons work once the page is interactive: a click before that would be lost.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const sorted = [...labels].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <main className="settings">
      <SettingsNav current="labels" />
      <h1>Labels</h1>
      <p className="settings-sub">Labels sort {accountName}&apos;s conversations. Any agent puts them on a conversation; the list filters by them.</p>
      {error && (
        <p className="settings-note danger" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="new-label-heading">
        <h2 id="new-label-heading">New label</h2>
        <form
          className="invite-row"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            api.createLabel(name.trim(), color).then(
              (l) => {
                setLabels((all) => [...all, l]);
                setName("");
              },
              (err: unknown) => setError(err instanceof ApiError ? err.message : "Could not add the label"),
            );
          }}
        >
          <input aria-label="Label name" placeholder="e.g. Refund" value={name} maxLength={LABEL_NAME_MAX} onChange={(e) => setName(e.target.value)} required className="label-name-input" />
          <ColorSelect label="Label color" value={color} onChange={setColor} />
          <button type="submit" className="button primary" disabled={!ready || !name.trim()}>
            Add label
          </button>
        </form>
      </section>
      <section aria-labelledby="labels-heading">
        <h2 id="labels-heading">Labels</h2>
        {sorted.length === 0 ? (
          <p className="settings-sub">No labels yet.</p>
        ) : (
          <ul className="member-list" aria-label="Labels">
            {sorted.map((l) => (
              <LabelRow
                key={l.id}
                label={l}
                onError={setError}
                onSaved={(saved) => setLabels((all) => all.map((x) => (x.id === saved.id ? saved : x)))}
                onDeleted={(id) => setLabels((all) => all.filter((x) => x.id !== id))}
              />
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
