"use client";

import { useEffect, useState } from "react";
import { channelMeta, type Channel } from "@/lib/channels/metadata";
import type { Me } from "@/lib/shared/me";
import type { Member } from "@/lib/shared/member";
import { SettingsNav } from "@/components/settings/settings-nav";

type Invite = { id: string; role: "admin" | "agent"; createdAt: string; expiresAt: string };
type AuditLine = { id: string; action: string; target: string; detail: string | null; actor: string | null; at: string };
type InboxAccess = { inboxes: { id: string; name: string; channel: string }[]; members: Record<string, { all: boolean; integrationIds: string[] }> };
type Props = { me: Me; members: Member[]; invites: Invite[]; audit: AuditLine[]; inboxAccess?: InboxAccess; autoAssign?: boolean };

const actionText: Record<string, (a: AuditLine) => string> = {
  invite_created: (a) => `created an ${a.target}`,
  invite_revoked: () => "revoked an invite",
  member_joined: (a) => `joined as ${a.detail ?? "agent"}`,
  role_changed: (a) => `made ${a.target} ${a.detail === "admin" ? "an admin" : "an agent"}`,
  member_removed: (a) => `removed ${a.target}`,
  inboxes_changed: (a) => `set the inboxes of ${a.target}: ${a.detail ?? ""}`,
  password_reset_created: (a) => `made a password reset link for ${a.target}`,
  password_reset_used: () => "set a new password",
  auto_assign_on: () => "turned auto-assignment on",
  auto_assign_off: () => "turned auto-assignment off",
  integration_connected: (a) => `connected ${a.target}`,
  integration_renamed: (a) => `renamed ${a.target} to ${a.detail ?? ""}`,
  integration_disconnected: (a) => `disconnected ${a.target}`,
  canned_reply_created: (a) => `added the canned reply ${a.target}`,
  canned_reply_updated: (a) => `changed the canned reply ${a.target}`,
  canned_reply_deleted: (a) => `deleted the canned reply ${a.target}`,
};

async function send(url: string, method: string, body?: object): Promise<string | null> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  if (res.ok) return null;
  const err = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  return err.error?.message ?? `HTTP ${res.status}`;
}

/** Everything here calls the same admin-only API routes a script would; the page reloads to show the result. */
export function TeamSettings({ me, members, invites, audit, inboxAccess, autoAssign }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [reset, setReset] = useState<{ name: string; url: string } | null>(null);
  const [inviteRole, setInviteRole] = useState<"agent" | "admin">("agent");
  // Buttons work once the page is interactive: a click before that would be lost.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const act = async (run: () => Promise<string | null>) => {
    setError(null);
    const failed = await run();
    if (failed) setError(failed);
    else window.location.reload();
  };
  const createLink = async () => {
    setError(null);
    const res = await fetch("/api/account/invites", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ role: inviteRole }) });
    const body = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
    if (!res.ok || !body.url) return setError(body.error?.message ?? `HTTP ${res.status}`);
    setLink(body.url);
  };
  return (
    <main className="settings">
      <SettingsNav current="team" />
      <h1>Team</h1>
      <p className="settings-sub">Who works in {me.account.name}, and what they may do.</p>
      {error && (
        <p className="settings-note danger" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <ul className="member-list" aria-label="Members">
          {members.map((m) => (
            <li key={m.id} className="member">
              <span className="member-name">
                {m.name}
                {m.id === me.user.id ? " (you)" : ""}
              </span>
              <span className="member-email">{m.email}</span>
              {m.availability === "away" && <span className="badge">Away</span>}
              <select aria-label={`Role of ${m.name}`} value={m.role} onChange={(e) => void act(() => send(`/api/account/members/${m.id}`, "PATCH", { role: e.target.value }))}>
                <option value="agent">Agent</option>
                <option value="admin">Admin</option>
              </select>
              {m.role === "agent" && inboxAccess && (
                <InboxesControl
                  member={m}
                  inboxes={inboxAccess.inboxes}
                  current={inboxAccess.members[m.id] ?? { all: true, integrationIds: [] }}
                  onSave={(value) => void act(() => send(`/api/account/members/${m.id}/inboxes`, "PUT", value))}
                />
              )}
              {m.id !== me.user.id && (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    if (window.confirm(`Remove ${m.name} from ${me.account.name}? They are signed out at once.`)) void act(() => send(`/api/account/members/${m.id}`, "DELETE"));
                  }}
                >
                  Remove {m.name}
                </button>
              )}
              {m.id !== me.user.id && (
                <button
                  type="button"
                  className="button"
                  disabled={!ready}
                  onClick={() =>
                    void (async () => {
                      setError(null);
                      const res = await fetch(`/api/account/members/${m.id}/password-reset`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
                      const body = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
                      if (!res.ok || !body.url) return setError(body.error?.message ?? `HTTP ${res.status}`);
                      setReset({ name: m.name, url: body.url });
                    })()
                  }
                >
                  Reset password of {m.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      {reset && (
        <p className="settings-note ok" role="status">
          <label>
            Password reset link for {reset.name} (works once, for a day; give it to them yourself)
            <input readOnly value={reset.url} onFocus={(e) => e.currentTarget.select()} />
          </label>
        </p>
      )}
      {autoAssign !== undefined && (
        <section aria-labelledby="assign-heading">
          <h2 id="assign-heading">Auto-assignment</h2>
          <label className="toggle-row">
            <input type="checkbox" checked={autoAssign} disabled={!ready} onChange={(e) => void act(() => send("/api/account/settings", "PATCH", { autoAssign: e.target.checked }))} />
            Give new conversations to available members in turn (online and connected; not away)
          </label>
        </section>
      )}
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <p>A link works once, for 7 days: whoever opens it sets their own name and password.</p>
        <div className="invite-row">
          <select aria-label="Role of the invitee" value={inviteRole} onChange={(e) => setInviteRole(e.target.value as "agent" | "admin")}>
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
          <button type="button" className="button primary" disabled={!ready} onClick={() => void createLink()}>
            Create invite link
          </button>
        </div>
        {link && (
          <p className="settings-note ok" role="status">
            Send this link to the person you invite (it is shown only now):{" "}
            <input aria-label="Invite link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} className="invite-link" />
          </p>
        )}
        {invites.length > 0 && (
          <ul className="member-list" aria-label="Open invites">
            {invites.map((i) => (
              <li key={i.id} className="member">
                <span>
                  {i.role === "admin" ? "Admin" : "Agent"} invite, expires {new Date(i.expiresAt).toLocaleDateString()}
                </span>
                <button type="button" className="button" onClick={() => void act(() => send(`/api/account/invites/${i.id}`, "DELETE"))}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Recent changes</h2>
        {audit.length === 0 ? (
          <p>Nothing yet.</p>
        ) : (
          <ul className="audit-list" aria-label="Recent changes">
            {audit.map((a) => (
              <li key={a.id}>
                <time dateTime={a.at}>{new Date(a.at).toLocaleString()}</time> {a.actor ?? "Someone"} {(actionText[a.action] ?? (() => a.action))(a)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

/**
 * Which inboxes an agent works in: all of them (those connected later too), or a checklist.
 * The agent sees — in lists, search and live — only conversations of those inboxes.
 */
function InboxesControl(p: { member: Member; inboxes: InboxAccess["inboxes"]; current: { all: boolean; integrationIds: string[] }; onSave: (v: { all: boolean; integrationIds: string[] }) => void }) {
  const [all, setAll] = useState(p.current.all);
  const [chosen, setChosen] = useState<string[]>(p.current.all ? p.inboxes.map((i) => i.id) : p.current.integrationIds);
  const names = p.inboxes.filter((i) => p.current.integrationIds.includes(i.id)).map((i) => i.name);
  const summary = p.current.all ? "All inboxes" : names.join(", ") || "No inbox";
  const name = p.member.name;
  return (
    <details className="member-inboxes">
      <summary aria-label={`Inboxes of ${name}: ${summary}`}>Inboxes: {summary}</summary>
      <fieldset>
        <legend>Inboxes {name} works in</legend>
        <label>
          <input type="radio" name={`inboxes-${p.member.id}`} checked={all} onChange={() => setAll(true)} /> All inboxes
        </label>
        <label>
          <input type="radio" name={`inboxes-${p.member.id}`} checked={!all} onChange={() => setAll(false)} /> Only these
        </label>
        {p.inboxes.map((i) => (
          <label key={i.id} className="member-inbox">
            <input
              type="checkbox"
              disabled={all}
              checked={all || chosen.includes(i.id)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, i.id] : c.filter((x) => x !== i.id)))}
            />{" "}
            {i.name} ({channelMeta[i.channel as Channel]?.label ?? i.channel})
          </label>
        ))}
        <button type="button" className="button" disabled={!all && !chosen.length} onClick={() => p.onSave({ all, integrationIds: all ? [] : chosen })}>
          Save inboxes of {name}
        </button>
      </fieldset>
    </details>
  );
}
