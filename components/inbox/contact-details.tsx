"use client";

import { useEffect, useId, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Avatar, ChannelBadge } from "@/components/inbox/avatar";
import { fullTime } from "@/components/inbox/format";
import { api } from "@/lib/client/api";
import type { ConversationDto } from "@/lib/shared/dto";
import type { ContactDetailsDto, CustomField } from "@/lib/shared/contact-details";
import { channelMeta } from "@/lib/channels/metadata";
import { errorText, useI18n } from "@/components/i18n";
import type { MessageKey } from "@/lib/shared/i18n/translate";

const statusKey = (s: string): MessageKey => (["open", "pending", "snoozed", "resolved"].includes(s) ? (`status.${s}` as MessageKey) : "status.open");

/**
 * The right pane (a dialog on narrow windows): who the customer is, what the team knows
 * about them (a name of its own, notes, custom fields — editable by any agent), and where
 * the conversation stands. The panel reloads when the conversation's detailsVersion moves,
 * so a colleague's edit shows without a reload.
 */
export function ContactDetails({ conversation: c, open, onClose }: { conversation: ConversationDto; open: boolean; onClose: () => void }) {
  const version = c.contact.detailsVersion ?? 0;
  const details = useQuery({ queryKey: ["contact", c.contact.id, version], queryFn: () => api.contact(c.contact.id), staleTime: Infinity });
  const [editing, setEditing] = useState(false);
  const { t, locale } = useI18n();
  // Another conversation: leave the form (its draft belonged to the other contact).
  useEffect(() => setEditing(false), [c.contact.id]);
  return (
    <section id="contact-details" className={`pane details-pane${open ? " is-open" : ""}`} aria-label={t("contact.region")}>
      <button type="button" className="button details-close" onClick={onClose}>
        {t("contact.close")}
      </button>
      <div className="details-card">
        <Avatar name={c.contact.name} url={c.contact.avatarUrl} size={64} />
        <h2>{c.contact.name}</h2>
        {details.data?.renamed && <p className="muted">{t("contact.onPlatform", { platform: channelMeta[c.channel].label, name: details.data.platformName })}</p>}
        <ChannelBadge channel={c.channel} />
      </div>
      {editing && details.data ? (
        <ContactForm details={details.data} onDone={() => setEditing(false)} />
      ) : (
        <>
          <button type="button" className="button" onClick={() => setEditing(true)} disabled={!details.data}>
            {t("contact.edit")}
          </button>
          {details.isError && <p role="alert">{t("contact.loadFailed")}</p>}
          {details.data?.notes && (
            <div className="details-notes">
              <h3>{t("contact.notes")}</h3>
              <p>{details.data.notes}</p>
            </div>
          )}
        </>
      )}
      <dl className="details-list">
        {!editing &&
          details.data?.customFields.map((f) => (
            <div key={f.key}>
              <dt>{f.key}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        <div>
          <dt>{t("contact.status")}</dt>
          <dd>
            <span className={`status-dot status-${c.status}`} aria-hidden="true" />
            {t(statusKey(c.status))}
          </dd>
        </div>
        <div>
          <dt>{t("contact.inbox")}</dt>
          <dd>{c.integrationName}</dd>
        </div>
        <div>
          <dt>{t("contact.lastActivity")}</dt>
          <dd>
            <time dateTime={c.lastMessageAt}>{fullTime(c.lastMessageAt, locale)}</time>
          </dd>
        </div>
        <div>
          <dt>{t(`channel.${c.channel}.contactId`)}</dt>
          <dd className="mono">{c.contact.externalId}</dd>
        </div>
      </dl>
      {c.needsReauth && (
        <p className="details-warning">{t("contact.needsReauth", { inbox: c.integrationName })}</p>
      )}
    </section>
  );
}

function ContactForm({ details, onDone }: { details: ContactDetailsDto; onDone: () => void }) {
  const queryClient = useQueryClient();
  const id = useId();
  const { t, locale } = useI18n();
  const [name, setName] = useState(details.renamed ? details.name : "");
  const [notes, setNotes] = useState(details.notes);
  const [fields, setFields] = useState<CustomField[]>(details.customFields);
  const save = useMutation({
    mutationFn: () => api.updateContact(details.id, { name: name.trim() || null, notes, customFields: fields.filter((f) => f.key.trim() || f.value.trim()) }),
    onSuccess: (saved) => {
      queryClient.setQueryData(["contact", saved.id, saved.detailsVersion], saved);
      onDone();
    },
  });
  const setField = (i: number, patch: Partial<CustomField>) => setFields((all) => all.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <form
      className="contact-form"
      aria-label={t("contact.form")}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label htmlFor={`${id}-name`}>{t("contact.name")}</label>
      <input id={`${id}-name`} value={name} maxLength={100} placeholder={details.platformName} onChange={(e) => setName(e.target.value)} />
      <p className="muted">{t("contact.nameHint", { platform: channelMeta[details.channel].label, name: details.platformName })}</p>
      <label htmlFor={`${id}-notes`}>{t("contact.notes")}</label>
      <textarea id={`${id}-notes`} value={notes} maxLength={5000} rows={4} onChange={(e) => setNotes(e.target.value)} />
      <fieldset>
        <legend>{t("contact.fields")}</legend>
        {fields.map((f, i) => (
          <div key={i} className="custom-field">
            <input aria-label={t("contact.fieldName", { n: i + 1 })} value={f.key} maxLength={40} placeholder={t("contact.fieldPlaceholder")} onChange={(e) => setField(i, { key: e.target.value })} />
            <input aria-label={t("contact.fieldValue", { n: i + 1 })} value={f.value} maxLength={500} placeholder={t("contact.valuePlaceholder")} onChange={(e) => setField(i, { value: e.target.value })} />
            <button type="button" className="button" aria-label={t("contact.removeField", { n: i + 1 })} onClick={() => setFields((all) => all.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        {fields.length < 20 && (
          <button type="button" className="button" onClick={() => setFields((all) => [...all, { key: "", value: "" }])}>
            {t("contact.addField")}
          </button>
        )}
      </fieldset>
      {save.isError && <p role="alert">{errorText(locale, save.error, t("contact.saveFailed"))}</p>}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {t("contact.save")}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t("contact.cancel")}
        </button>
      </div>
    </form>
  );
}
