"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { SIGN_IN_RATE_LIMITED } from "@/lib/shared/sign-in-error";
import { useI18n } from "@/components/i18n";

export function LoginForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { t } = useI18n();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (res?.ok && !res.error) {
      window.location.assign("/");
      return;
    }
    setPending(false);
    // The server tells a rate-limited attempt apart through next-auth's error string.
    setError(res?.error === SIGN_IN_RATE_LIMITED ? t("login.rateLimited") : t("login.wrong"));
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="login-form">
      <label htmlFor="email">{t("login.email")}</label>
      <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      <label htmlFor="password">{t("login.password")}</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? t("login.submitting") : t("login.submit")}
      </button>
    </form>
  );
}
