"use client";

import { useEffect, useState } from "react";
import { channelMeta, type Channel } from "@/lib/channels/metadata";
import type { Me } from "@/lib/shared/me";
import type { Member } from "@/lib/shared/member";
import { SettingsNav } from "@/components/settings/settings-nav";
import { errorText, useI18n } from "@/components/i18n";
import { refusalOf, type ApiError } from "@/lib/client/api";
import type { MessageKey } from "@/lib/shared/i18n/translate";

type Invite = { id: string; role: "admin" | "agent"; createdAt: string; expiresAt: string };
type AuditLine = { id: string; action: string; target: string; detail: string | null; actor: string | null; at: string };
type InboxAccess = { inboxes: { id: string; name: string; channel: string }[]; members: Record<string, { all: boolean; integrationIds: string[] }> };
type Props = { me: Me; members: Member[]; invites: Invite[]; audit: AuditLine[]; inboxAccess?: InboxAccess; autoAssign?: boolean };

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** An audit line's verb phrase, in the page's language (targets and details are names, kept as stored). */
const actionText: Record<string, (a: AuditLine, t: T) => string> = {
  invite_created: (a, t) => (a.target === "admin invite" ? t("audit.inviteAdmin") : a.target === "agent invite" ? t("audit.inviteAgent") : t("audit.invite_created", { target: a.target })),
  invite_revoked: (_, t) => t("audit.invite_revoked"),
  member_joined: (a, t) => t("audit.member_joined", { role: a.detail === "admin" ? t("role.admin").toLowerCase() : a.detail === "agent" || !a.detail ? t("role.agent").toLowerCase() : a.detail }),
  role_changed: (a, t) => t(a.detail === "admin" ? "audit.role_changed.admin" : "audit.role_changed.agent", { target: a.target }),
  member_removed: (a, t) => t("audit.member_removed", { target: a.target }),
  inboxes_changed: (a, t) => t("audit.inboxes_changed", { target: a.target, detail: a.detail ?? "" }),
  password_reset_created: (a, t) => t("audit.password_reset_created", { target: a.target }),
  password_reset_used: (_, t) => t("audit.password_reset_used"),
  auto_assign_on: (_, t) => t("audit.auto_assign_on"),
  auto_assign_off: (_, t) => t("audit.auto_assign_off"),
  integration_connected: (a, t) => t("audit.integration_connected", { target: a.target }),
  integration_renamed: (a, t) => t("audit.integration_renamed", { target: a.target, detail: a.detail ?? "" }),
  integration_disconnected: (a, t) => t("audit.integration_disconnected", { target: a.target }),
  canned_reply_created: (a, t) => t("audit.canned_reply_created", { target: a.target }),
  canned_reply_updated: (a, t) => t("audit.canned_reply_updated", { target: a.target }),
  canned_reply_deleted: (a, t) => t("audit.canned_reply_deleted", { target: a.target }),
};

/** The server's refusal (said in the agent's language by errorText), or null when it did it. */
async function send(url: string, method: string, body?: object): Promise<ApiError | Error | null> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  if (res instanceof Error) return res;
  return res.ok ? null : refusalOf(res);
}

/** A POST answered with a link to hand out (invite, password reset). */
async function linkFrom(url: string, body: object): Promise<string | ApiError | Error> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  if (res instanceof Error) return res;
  if (!res.ok) return refusalOf(res);
  const answer = (await res.json().catch(() => ({}))) as { url?: string };
  return answer.url ?? new Error(`HTTP ${res.status}`);
}

/** Everything here calls the same admin-only API routes a script would; the page reloads to show the result. */
export function TeamSettings({ me, members, invites, audit, inboxAccess, autoAssign }: Props) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [reset, setReset] = useState<{ name: string; url: string } | null>(null);
  const [inviteRole, setInviteRole] = useState<"agent" | "admin">("agent");
  // Buttons work once the page is interactive: a click before that would be lost.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const failed = (err: unknown) => setError(errorText(locale, err, t("settings.failed")));
  const act = async (run: () => Promise<ApiError | Error | null>) => {
    setError(null);
    const refusal = await run();
    if (refusal) failed(refusal);
    else window.location.reload();
  };
  const createLink = async () => {
    setError(null);
    const url = await linkFrom("/api/account/invites", { role: inviteRole });
    if (typeof url !== "string") return failed(url);
    setLink(url);
  };
  return (
    <main className="settings">
      <SettingsNav current="team" />
      <h1>{t("settings.team")}</h1>
      <p className="settings-sub">{t("team.sub", { account: me.account.name })}</p>
      {error && (
        <p className="settings-note danger" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("team.members")}</h2>
        <ul className="member-list" aria-label={t("team.members")}>
          {members.map((m) => (
            <li key={m.id} className="member">
              <span className="member-name">
                {m.name}
                {m.id === me.user.id ? t("team.you") : ""}
              </span>
              <span className="member-email">{m.email}</span>
              {m.availability === "away" && <span className="badge">{t("team.away")}</span>}
              <select aria-label={t("team.roleOf", { name: m.name })} value={m.role} onChange={(e) => void act(() => send(`/api/account/members/${m.id}`, "PATCH", { role: e.target.value }))}>
                <option value="agent">{t("role.agent")}</option>
                <option value="admin">{t("role.admin")}</option>
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
                    if (window.confirm(t("team.removeConfirm", { name: m.name, account: me.account.name }))) void act(() => send(`/api/account/members/${m.id}`, "DELETE"));
                  }}
                >
                  {t("team.remove", { name: m.name })}
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
                      const url = await linkFrom(`/api/account/members/${m.id}/password-reset`, {});
                      if (typeof url !== "string") return failed(url);
                      setReset({ name: m.name, url });
                    })()
                  }
                >
                  {t("team.resetOf", { name: m.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      {reset && (
        <p className="settings-note ok" role="status">
          <label>
            {t("team.resetLink", { name: reset.name })}
            <input readOnly value={reset.url} onFocus={(e) => e.currentTarget.select()} />
          </label>
        </p>
      )}
      {autoAssign !== undefined && (
        <section aria-labelledby="assign-heading">
          <h2 id="assign-heading">{t("team.autoAssign")}</h2>
          <label className="toggle-row">
            <input type="checkbox" checked={autoAssign} disabled={!ready} onChange={(e) => void act(() => send("/api/account/settings", "PATCH", { autoAssign: e.target.checked }))} />
            {t("team.autoAssignHint")}
          </label>
        </section>
      )}
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("team.invite")}</h2>
        <p>{t("team.inviteHint")}</p>
        <div className="invite-row">
          <select aria-label={t("team.inviteeRole")} value={inviteRole} onChange={(e) => setInviteRole(e.target.value as "agent" | "admin")}>
            <option value="agent">{t("role.agent")}</option>
            <option value="admin">{t("role.admin")}</option>
          </select>
          <button type="button" className="button primary" disabled={!ready} onClick={() => void createLink()}>
            {t("team.createInvite")}
          </button>
        </div>
        {link && (
          <p className="settings-note ok" role="status">
            {t("team.sendLink")}{" "}
            <input aria-label={t("team.inviteLink")} readOnly value={link} onFocus={(e) => e.currentTarget.select()} className="invite-link" />
          </p>
        )}
        {invites.length > 0 && (
          <ul className="member-list" aria-label={t("team.openInvites")}>
            {invites.map((i) => (
              <li key={i.id} className="member">
                <span>
                  {t(i.role === "admin" ? "team.adminInvite" : "team.agentInvite", { date: new Date(i.expiresAt).toLocaleDateString(locale) })}
                </span>
                <button type="button" className="button" onClick={() => void act(() => send(`/api/account/invites/${i.id}`, "DELETE"))}>
                  {t("team.revoke")}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t("team.recent")}</h2>
        {audit.length === 0 ? (
          <p>{t("team.nothing")}</p>
        ) : (
          <ul className="audit-list" aria-label={t("team.recent")}>
            {audit.map((a) => (
              <li key={a.id}>
                <time dateTime={a.at}>{new Date(a.at).toLocaleString(locale)}</time> {a.actor ?? t("team.someone")} {(actionText[a.action] ?? (() => a.action))(a, t)}
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
  const { t } = useI18n();
  const [all, setAll] = useState(p.current.all);
  const [chosen, setChosen] = useState<string[]>(p.current.all ? p.inboxes.map((i) => i.id) : p.current.integrationIds);
  const names = p.inboxes.filter((i) => p.current.integrationIds.includes(i.id)).map((i) => i.name);
  const summary = p.current.all ? t("team.allInboxes") : names.join(", ") || t("team.noInbox");
  const name = p.member.name;
  return (
    <details className="member-inboxes">
      <summary aria-label={t("team.inboxesOf", { name, summary })}>{t("team.inboxes", { summary })}</summary>
      <fieldset>
        <legend>{t("team.worksIn", { name })}</legend>
        <label>
          <input type="radio" name={`inboxes-${p.member.id}`} checked={all} onChange={() => setAll(true)} /> {t("team.allInboxes")}
        </label>
        <label>
          <input type="radio" name={`inboxes-${p.member.id}`} checked={!all} onChange={() => setAll(false)} /> {t("team.onlyThese")}
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
          {t("team.saveInboxes", { name })}
        </button>
      </fieldset>
    </details>
  );
}
