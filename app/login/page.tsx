import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { endedSession, resolveSession } from "@/lib/auth/resolve-session";
import { LoginForm } from "@/components/login-form";
import { LogoMark } from "@/components/inbox/icons";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  const source = { headers: await headers() };
  if (await resolveSession(source)) redirect("/");
  const ended = await endedSession(source);
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <LogoMark size={34} />
          <h1>Sign in to Inbox</h1>
        </div>
        <p className="tagline">Every customer conversation, one calm inbox.</p>
        {ended && (
          <p role="status" className="notice">
            {ended.reason === "removed"
              ? `An admin removed you from ${ended.accountName}, so you were signed out. Sign in to another account, or ask an admin there to invite you again.`
              : ended.reason === "password_reset"
                ? "Your password was changed, so you were signed out everywhere. Sign in with the new password."
                : "Your session expired. Sign in again to carry on."}
          </p>
        )}
        <LoginForm />
      </div>
    </main>
  );
}
