import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { resolveSession } from "@/lib/auth/resolve-session";
import { LoginForm } from "@/components/login-form";
import { LogoMark } from "@/components/inbox/icons";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await resolveSession({ headers: await headers() })) redirect("/");
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <LogoMark size={34} />
          <h1>Sign in to Inbox</h1>
        </div>
        <p className="tagline">Every customer conversation, one calm inbox.</p>
        <LoginForm />
      </div>
    </main>
  );
}
