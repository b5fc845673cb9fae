"use client";

import { useEffect, useState } from "react";
import { signIn } from "next-auth/react";

/** A new password, typed twice; then the member is signed in with it (every older session ended). */
export function ResetPasswordForm({ token, email, name }: { token: string; email: string; name: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Until the page is interactive a submit would be a plain form post: the button waits.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setError("The two passwords differ.");
      return;
    }
    setPending(true);
    setError(null);
    const res = await fetch("/api/password-resets/accept", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password }) });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      setError(body.error?.message ?? "Could not set the password; try again.");
      setPending(false);
      return;
    }
    const signedIn = await signIn("credentials", { email, password, redirect: false });
    window.location.assign(signedIn?.ok ? "/" : "/login");
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} className="login-form">
      <p className="tagline">
        For {name} ({email}). Every device signed in with the old password is signed out.
      </p>
      <label htmlFor="password">New password</label>
      <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={200} autoFocus />
      <label htmlFor="confirm">Type it again</label>
      <input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={10} maxLength={200} />
      <p className="hint">At least 10 characters.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || !ready}>
        {pending ? "Saving…" : "Set password and sign in"}
      </button>
    </form>
  );
}
