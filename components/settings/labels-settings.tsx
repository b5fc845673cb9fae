"use client";

import { useEffect, useState } from "react";
import { api } from "@/lib/client/api";
import { SettingsNav } from "@/components/settings/settings-nav";
import { LABEL_NAME_MAX, labelColors, type LabelColor, type LabelDto } from "@/lib/shared/labels";
import { errorText, useI18n } from "@/components/i18n";

type Props = { accountName: string; labels: LabelDto[] };

function ColorSelect({ value, onChange, label }: { value: LabelColor; onChange: (c: LabelColor) => void; label: string }) {
  const { t } = useI18n();
  return (
    <select aria-label={label} className="assignee-select" value={value} onChange={(e) => onChange(e.target.value as LabelColor)}>
      {labelColors.map((c) => (
        <option key={c} value={c}>
          {t(`color.${c}`)}
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
  const { t, locale } = useI18n();
  const dirty = name.trim() !== label.name || color !== label.color;
  return (
    <li className="member label-row" aria-label={label.name}>
      <span className={`label-chip label-${color}`} aria-hidden="true">
        {name.trim() || label.name}
      </span>
      <input aria-label={t("labels.nameOf", { name: label.name })} value={name} maxLength={LABEL_NAME_MAX} onChange={(e) => setName(e.target.value)} className="label-name-input" />
      <ColorSelect label={t("labels.colorOf", { name: label.name })} value={color} onChange={setColor} />
      <button
        type="button"
        className="button"
        disabled={!dirty || !name.trim()}
        onClick={() => {
          onError(null);
          api.updateLabel(label.id, { ...(name.trim() !== label.name ? { name: name.trim() } : {}), ...(color !== label.color ? { color } : {}) }).then(onSaved, (e: unknown) => onError(errorText(locale, e, t("labels.saveFailed"))));
        }}
      >
        {t("labels.save")}
      </button>
      {confirming ? (
        <>
          <button
            type="button"
            className="button danger"
            onClick={() => {
              onError(null);
              api.deleteLabel(label.id).then(() => onDeleted(label.id), (e: unknown) => onError(errorText(locale, e, t("labels.deleteFailed"))));
            }}
          >
            {t("labels.deleteEverywhere", { name: label.name })}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            {t("labels.cancel")}
          </button>
        </>
      ) : (
        <button type="button" className="button" aria-label={t("labels.deleteAria", { name: label.name })} onClick={() => setConfirming(true)}>
          {t("labels.delete")}
        </button>
      )}
    </li>
  );
}

/** The account's labels. Agents apply them from a conversation's header; only admins reach this page. */
export function LabelsSettings({ accountName, labels: initial }: Props) {
  const { t, locale } = useI18n();
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
      <h1>{t("settings.labels")}</h1>
      <p className="settings-sub">{t("labels.sub", { account: accountName })}</p>
      {error && (
        <p className="settings-note danger" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="new-label-heading">
        <h2 id="new-label-heading">{t("labels.new")}</h2>
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
              (err: unknown) => setError(errorText(locale, err, t("labels.addFailed"))),
            );
          }}
        >
          <input aria-label={t("labels.name")} placeholder={t("labels.placeholder")} value={name} maxLength={LABEL_NAME_MAX} onChange={(e) => setName(e.target.value)} required className="label-name-input" />
          <ColorSelect label={t("labels.color")} value={color} onChange={setColor} />
          <button type="submit" className="button primary" disabled={!ready || !name.trim()}>
            {t("labels.add")}
          </button>
        </form>
      </section>
      <section aria-labelledby="labels-heading">
        <h2 id="labels-heading">{t("settings.labels")}</h2>
        {sorted.length === 0 ? (
          <p className="settings-sub">{t("labels.none")}</p>
        ) : (
          <ul className="member-list" aria-label={t("settings.labels")}>
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
