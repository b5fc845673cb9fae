"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { Me } from "@/lib/shared/me";
import type { IntegrationSummary, OAuthChannelOffer, TokenChannelOffer } from "@/lib/shared/integrations";
import { channelMeta } from "@/lib/channels/metadata";
import { SettingsNav } from "@/components/settings/settings-nav";

/** What a platform said about a page or OA (Messenger policy enforcement, app roles). */
type Notice = { id: string; integrationName: string; kind: string; action: string | null; reason: string | null; at: string };
type Props = { me: Me; integrations: IntegrationSummary[]; notices: Notice[]; offers: OAuthChannelOffer[]; tokenOffers: TokenChannelOffer[]; connected: string | null };

/** A JSON call of this page; the server's message when it refuses. */
async function send(url: string, method: string, body?: unknown): Promise<void> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  if (res.ok) return;
  const err = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  throw new Error(err.error?.message ?? `HTTP ${res.status}`);
}

const noticeKind: Record<string, string> = { policy_enforcement: "Policy enforcement", app_roles: "App roles changed" };

export function ChannelSettings({ me, integrations, notices, offers, tokenOffers, connected }: Props) {
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
              <IntegrationRow key={i.id} integration={i} />
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
  const run = (work: () => Promise<void>) => async () => {
    setError(null);
    try {
      await work();
      setRenaming(false);
      setConfirming(false);
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const noun = channelMeta[i.channel].integrationNoun;
  return (
    <li className="integration" aria-label={`${i.name} (${noun})`}>
      {renaming ? (
        <form className="inline-form" onSubmit={(e) => (e.preventDefault(), void run(() => send(`/api/account/integrations/${i.id}`, "PATCH", { name }))())}>
          <label>
            Name
            <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />
          </label>
          <button type="submit" className="button primary">
            Save name
          </button>
          <button type="button" className="button" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <span className="integration-name">{i.name}</span>
      )}{" "}
      <span className="integration-kind">
        {noun} {i.externalId}
      </span>
      {i.state === "connected" ? (
        <span className="badge ok">Connected</span>
      ) : (
        <>
          <span className="badge warn">{i.state === "disconnected" ? "Disconnected" : "Needs reconnection"}</span>
          <p className="integration-reason">{i.reason}</p>
        </>
      )}
      <div className="integration-actions">
        {!renaming && (
          <button type="button" className="button" onClick={() => setRenaming(true)}>
            Rename
          </button>
        )}
        {i.state !== "disconnected" && !confirming && (
          <button type="button" className="button danger" onClick={() => setConfirming(true)}>
            Disconnect
          </button>
        )}
      </div>
      {confirming && (
        <div role="alertdialog" aria-label={`Disconnect ${i.name}?`} className="confirm">
          <p>
            Disconnect {i.name}? Its token is erased and new messages to it are no longer received. Its conversations stay readable; connect it again
            with a token to carry on.
          </p>
          <button type="button" className="button danger" onClick={() => void run(() => send(`/api/account/integrations/${i.id}`, "DELETE"))()}>
            Disconnect {i.name}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep it
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
      setError((err as Error).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <section aria-label={offer.action}>
      <h2>{offer.action}</h2>
      <form onSubmit={(e) => void submit(e)} className="connect-form">
        <label>
          {offer.idLabel}
          <input value={externalId} inputMode="numeric" autoComplete="off" required onChange={(e) => setExternalId(e.target.value)} />
        </label>
        <label>
          Name in Inbox
          <input value={name} maxLength={200} required onChange={(e) => setName(e.target.value)} />
        </label>
        {offer.fields.map((f) => (
          <label key={f.name}>
            {f.label}
            <input type="password" autoComplete="off" required value={values[f.name] ?? ""} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
          </label>
        ))}
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? "Checking with the platform…" : "Connect"}
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
