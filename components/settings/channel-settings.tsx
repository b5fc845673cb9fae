"use client";

import { useState } from "react";
import type { Me } from "@/lib/shared/me";
import type { IntegrationSummary, OAuthChannelOffer } from "@/lib/shared/integrations";
import { channelMeta } from "@/lib/channels/metadata";
import { SettingsNav } from "@/components/settings/settings-nav";

/** What a platform said about a page or OA (Messenger policy enforcement, app roles). */
type Notice = { id: string; integrationName: string; kind: string; action: string | null; reason: string | null; at: string };
type Props = { me: Me; integrations: IntegrationSummary[]; notices: Notice[]; offers: OAuthChannelOffer[]; connected: string | null };

const noticeKind: Record<string, string> = { policy_enforcement: "Policy enforcement", app_roles: "App roles changed" };

export function ChannelSettings({ me, integrations, notices, offers, connected }: Props) {
  return (
    <main className="settings">
      <SettingsNav current="channels" />
      <h1>Channels</h1>
      <p className="settings-sub">Pages and Official Accounts connected to {me.account.name}.</p>
      {connected && (
        <p className="settings-note ok" role="status">
          Connected {connected}.
        </p>
      )}
      <section aria-labelledby="connected-heading">
        <h2 id="connected-heading">Connected</h2>
        {integrations.length === 0 ? (
          <p>Nothing is connected yet.</p>
        ) : (
          <ul className="integration-list" aria-label="Connected channels">
            {integrations.map((i) => (
              <li key={i.id} className="integration">
                <span className="integration-name">{i.name}</span>{" "}
                <span className="integration-kind">
                  {channelMeta[i.channel].integrationNoun} {i.externalId}
                </span>
                {i.state === "connected" ? (
                  <span className="badge ok">Connected</span>
                ) : (
                  <>
                    <span className="badge warn">Needs reconnection</span>
                    <p className="integration-reason">{i.reason}</p>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {notices.length > 0 && (
        <section aria-labelledby="notices-heading">
          <h2 id="notices-heading">Platform notices</h2>
          <ul className="audit-list" aria-label="Platform notices">
            {notices.map((n) => (
              <li key={n.id}>
                <time dateTime={n.at}>{new Date(n.at).toLocaleString()}</time> {n.integrationName}: {noticeKind[n.kind] ?? n.kind}
                {n.action ? ` (${n.action})` : ""}
                {n.reason ? ` — ${n.reason}` : ""}
              </li>
            ))}
          </ul>
        </section>
      )}
      {offers.map((o) => (
        <ConnectForm key={o.channel} offer={o} />
      ))}
    </main>
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
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const res = await fetch(`/api/integrations/${offer.channel}/oauth/start`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(values) });
      const body = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
      if (!res.ok || !body.url) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      window.location.assign(body.url);
    } catch (err) {
      setError((err as Error).message);
      setPending(false);
    }
  };
  return (
    <section aria-label={offer.action}>
      <h2>{offer.action}</h2>
      {!offer.enabled && <p className="settings-note warn">Not configured on this server.</p>}
      <form onSubmit={(e) => void submit(e)} className="connect-form">
        {offer.fields.map((f) => (
          <label key={f.name}>
            {f.label}
            <input type="password" autoComplete="off" value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
            <small>{f.hint}</small>
          </label>
        ))}
        <button type="submit" className="button primary" disabled={!offer.enabled || pending}>
          {offer.action}
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
