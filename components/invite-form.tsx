"use client";

import { useEffect, useState } from "react";
import { signIn } from "next-auth/react";
import { errorText, useI18n } from "@/components/i18n";
import { refusalOf } from "@/lib/client/api";

/** Name, email and a password of your own; then you are signed in (to your first account). */
export function InviteForm({ token, accountName }: { token: string; accountName: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { t, locale } = useI18n();
  // Until the page is interactive a submit would be a plain form post: the button waits.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { token, name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    setPending(true);
    setError(null);
    const res = await fetch("/api/invites/accept", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
    if (!res.ok) {
      setError(errorText(locale, await refusalOf(res), t("invite.failed")));
      setPending(false);
      return;
    }
    const signedIn = await signIn("credentials", { email: input.email, password: input.password, redirect: false });
    window.location.assign(signedIn?.ok ? "/" : "/login");
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="login-form">
      <label htmlFor="name">{t("invite.name")}</label>
      <input id="name" name="name" autoComplete="name" required maxLength={100} autoFocus />
      <label htmlFor="email">{t("login.email")}</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">{t("login.password")}</label>
      <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} />
      <p className="hint">{t("invite.hint")}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || !ready}>
        {pending ? t("invite.submitting") : t("invite.submit", { account: accountName })}
      </button>
    </form>
  );
}
