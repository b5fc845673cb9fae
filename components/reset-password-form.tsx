"use client";

import { useEffect, useState } from "react";
import { signIn } from "next-auth/react";
import { errorText, useI18n } from "@/components/i18n";
import { refusalOf } from "@/lib/client/api";

/** A new password, typed twice; then the member is signed in with it (every older session ended). */
export function ResetPasswordForm({ token, email, name }: { token: string; email: string; name: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { t, locale } = useI18n();
  // Until the page is interactive a submit would be a plain form post: the button waits.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setError(t("reset.differ"));
      return;
    }
    setPending(true);
    setError(null);
    const res = await fetch("/api/password-resets/accept", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password }) });
    if (!res.ok) {
      setError(errorText(locale, await refusalOf(res), t("reset.failed")));
      setPending(false);
      return;
    }
    const signedIn = await signIn("credentials", { email, password, redirect: false });
    window.location.assign(signedIn?.ok ? "/" : "/login");
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="login-form">
      <p className="tagline">{t("reset.for", { name, email })}</p>
      <label htmlFor="password">{t("reset.password")}</label>
      <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={200} autoFocus />
      <label htmlFor="confirm">{t("reset.confirm")}</label>
      <input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={10} maxLength={200} />
      <p className="hint">{t("reset.hint")}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || !ready}>
        {pending ? t("reset.submitting") : t("reset.submit")}
      </button>
    </form>
  );
}
