"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { Me } from "@/lib/shared/me";
import type { IntegrationSummary, OAuthChannelOffer, TokenChannelOffer } from "@/lib/shared/integrations";
import { SettingsNav } from "@/components/settings/settings-nav";
import { errorText, useI18n } from "@/components/i18n";
import { refusalOf } from "@/lib/client/api";
import type { MessageKey } from "@/lib/shared/i18n/translate";
import { channelMeta, type Channel } from "@/lib/channels/metadata";
import { en } from "@/lib/shared/i18n/messages/en";

/** What a platform said about a page or OA (Messenger policy enforcement, app roles). */
type Notice = { id: string; integrationName: string; channel?: string; kind: string; action: string | null; reason: string | null; at: string };
type Props = { me: Me; integrations: IntegrationSummary[]; notices: Notice[]; offers: OAuthChannelOffer[]; tokenOffers: TokenChannelOffer[]; connected: string | null };

/** A JSON call of this page; the server's refusal (an ApiError, said by errorText) when it refuses. */
async function send(url: string, method: string, body?: unknown): Promise<void> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  if (!res.ok) throw await refusalOf(res);
}

const noticeKind: Record<string, MessageKey> = { policy_enforcement: "channels.policy", app_roles: "channels.appRoles" };
const noticeAction: Record<string, MessageKey> = { block: "channels.noticeAction.block", unblock: "channels.noticeAction.unblock" };
const channelLabel = (channel: string | undefined) => (channel && channel in channelMeta ? channelMeta[channel as Channel].label : channel || "?");

/**
 * A notice in the agent's words: its kind and action are ours to say; the platform's reason is its
 * own words, quoted and said to be theirs (unchanged in English, as before).
 */
function noticeText(n: Notice, locale: string, t: (key: MessageKey, vars?: Record<string, string | number>) => string): string {
  const kind = noticeKind[n.kind] ? t(noticeKind[n.kind]!) : n.kind;
  const action = n.action ? ` (${noticeAction[n.action] ? t(noticeAction[n.action]!) : n.action})` : "";
  const said = locale === "en" ? n.reason : t("channels.noticeReason", { channel: channelLabel(n.channel), said: n.reason ?? "" });
  const reason = n.reason ? ` — ${said}` : "";
  return `${kind}${action}${reason}`;
}

/** Why a page / OA needs reconnecting: ours in the agent's language, a platform's words quoted. */
function reasonText(i: IntegrationSummary, locale: string, t: (key: MessageKey, vars?: Record<string, string | number>) => string): string | null {
  if (!i.reason || locale === "en") return i.reason;
  if (i.reasonCode === "disconnected") return t("channels.reason.disconnected");
  if (i.reasonCode === "token_refused") return t("channels.reason.token_refused");
  return t("channels.reason.platform", { channel: channelLabel(i.channel), said: i.reason });
}

export function ChannelSettings({ me, integrations, notices, offers, tokenOffers, connected }: Props) {
  const { t, locale } = useI18n();
  return (
    <main className="settings">
      <SettingsNav current="channels" />
      <h1>{t("settings.channels")}</h1>
      <p className="settings-sub">{t("channels.sub", { account: me.account.name })}</p>
      {connected && (
        <p className="settings-note ok" role="status">
          {t("channels.connected", { name: connected })}
        </p>
      )}
      <section aria-labelledby="connected-heading">
        <h2 id="connected-heading">{t("channels.connectedHeading")}</h2>
        {integrations.length === 0 ? (
          <p>{t("channels.none")}</p>
        ) : (
          <ul className="integration-list" aria-label={t("channels.list")}>
            {integrations.map((i) => (
              <IntegrationRow key={i.id} integration={i} />
            ))}
          </ul>
        )}
      </section>
      {notices.length > 0 && (
        <section aria-labelledby="notices-heading">
          <h2 id="notices-heading">{t("channels.notices")}</h2>
          <ul className="audit-list" aria-label={t("channels.notices")}>
            {notices.map((n) => (
              <li key={n.id}>
                <time dateTime={n.at}>{new Date(n.at).toLocaleString(locale)}</time> {n.integrationName}: {noticeText(n, locale, t)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {offers.map((o) => (
        <ConnectForm key={o.channel} offer={o} />
      ))}
      {tokenOffers.map((o) => (
        <TokenConnectForm key={`token-${o.channel}`} offer={o} />
      ))}
    </main>
  );
}

/** One page / OA: its state, and Rename and Disconnect (which asks first). */
function IntegrationRow({ integration: i }: { integration: IntegrationSummary }) {
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(i.name);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t, locale } = useI18n();
  const run = (work: () => Promise<void>) => async () => {
    setError(null);
    try {
      await work();
      setRenaming(false);
      setConfirming(false);
      router.refresh();
    } catch (err) {
      setError(errorText(locale, err, t("settings.failed")));
    }
  };
  const noun = t(`channel.${i.channel}.noun`);
  return (
    <li className="integration" aria-label={`${i.name} (${noun})`}>
      {renaming ? (
        <form className="inline-form" onSubmit={(e) => (e.preventDefault(), void run(() => send(`/api/account/integrations/${i.id}`, "PATCH", { name }))())}>
          <label>
            {t("channels.name")}
            <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />
          </label>
          <button type="submit" className="button primary">
            {t("channels.saveName")}
          </button>
          <button type="button" className="button" onClick={() => setRenaming(false)}>
            {t("channels.cancel")}
          </button>
        </form>
      ) : (
        <span className="integration-name">{i.name}</span>
      )}{" "}
      <span className="integration-kind">
        {noun} {i.externalId}
      </span>
      {i.state === "connected" ? (
        <span className="badge ok">{t("channels.stateConnected")}</span>
      ) : (
        <>
          <span className="badge warn">{t(i.state === "disconnected" ? "channels.stateDisconnected" : "channels.stateReauth")}</span>
          <p className="integration-reason">{reasonText(i, locale, t)}</p>
        </>
      )}
      <div className="integration-actions">
        {!renaming && (
          <button type="button" className="button" onClick={() => setRenaming(true)}>
            {t("channels.rename")}
          </button>
        )}
        {i.state !== "disconnected" && !confirming && (
          <button type="button" className="button danger" onClick={() => setConfirming(true)}>
            {t("channels.disconnect")}
          </button>
        )}
      </div>
      {confirming && (
        <div role="alertdialog" aria-label={t("channels.disconnectAria", { name: i.name })} className="confirm">
          <p>{t("channels.disconnectText", { name: i.name })}</p>
          <button type="button" className="button danger" onClick={() => void run(() => send(`/api/account/integrations/${i.id}`, "DELETE"))()}>
            {t("channels.disconnectName", { name: i.name })}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            {t("channels.keep")}
          </button>
        </div>
      )}
      {error && (
        <p className="settings-note danger" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The token route: an id, a name and the channel's secrets; the platform checks them before anything is kept. */
function TokenConnectForm({ offer }: { offer: TokenChannelOffer }) {
  const router = useRouter();
  const [externalId, setExternalId] = useState("");
  const [name, setName] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { t, locale } = useI18n();
  const known = knownOr(t);
  const action = t("channels.connectToken", { noun: t(`channel.${offer.channel}.noun`) });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      await send("/api/account/integrations", "POST", { channel: offer.channel, externalId, name, credentials: values });
      setExternalId("");
      setName("");
      setValues({});
      router.refresh();
    } catch (err) {
      setError(errorText(locale, err, t("settings.failed")));
    } finally {
      setPending(false);
    }
  };
  return (
    <section aria-label={action}>
      <h2>{action}</h2>
      <form onSubmit={(e) => void submit(e)} className="connect-form">
        <label>
          {known(`channels.idLabel.${offer.channel}`, offer.idLabel)}
          <input value={externalId} inputMode="numeric" autoComplete="off" required onChange={(e) => setExternalId(e.target.value)} />
        </label>
        <label>
          {t("channels.nameInInbox")}
          <input value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} />
        </label>
        {offer.fields.map((f) => (
          <label key={f.name}>
            {known(`channels.field.${f.name}`, f.label)}
            <input type="password" autoComplete="off" required value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
          </label>
        ))}
        <button type="submit" className="button primary" disabled={pending}>
          {t(pending ? "channels.checking" : "channels.connect")}
        </button>
        {error && (
          <p className="settings-note danger" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

/**
 * Starts the platform's OAuth: the server remembers the attempt and answers with the consent
 * URL (a JSON POST, like every state-changing call here), then the browser goes there.
 */
function ConnectForm({ offer }: { offer: OAuthChannelOffer }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { t, locale } = useI18n();
  const known = knownOr(t);
  const action = t("channels.connectOauth", { noun: t(`channel.${offer.channel}.noun`) });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const res = await fetch(`/api/integrations/${offer.channel}/oauth/start`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(values) });
      if (!res.ok) throw await refusalOf(res);
      const body = (await res.json().catch(() => ({}))) as { url?: string };
      if (!body.url) throw new Error(`HTTP ${res.status}`);
      window.location.assign(body.url);
    } catch (err) {
      setError(errorText(locale, err, t("settings.failed")));
      setPending(false);
    }
  };
  return (
    <section aria-label={action}>
      <h2>{action}</h2>
      {!offer.enabled && <p className="settings-note warn">{t("channels.notConfigured")}</p>}
      <form onSubmit={(e) => void submit(e)} className="connect-form">
        {offer.fields.map((f) => (
          <label key={f.name}>
            {known(`channels.oauthField.${offer.channel}.${f.name}`, f.label)}
            <input type="password" autoComplete="off" value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
            <small>{known(`channels.oauthHint.${offer.channel}.${f.name}`, f.hint)}</small>
          </label>
        ))}
        <button type="submit" className="button primary" disabled={!offer.enabled || pending}>
          {action}
        </button>
        {error && (
          <p className="settings-note danger" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

/** A field label the UI has words for in every language, else the server's English (a channel added without them). */
function knownOr(t: (key: MessageKey) => string) {
  return (key: string, fallback: string) => (key in en ? t(key as MessageKey) : fallback);
}
