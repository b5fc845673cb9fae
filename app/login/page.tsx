import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { resolveSession } from "@/lib/auth/resolve-session";
import { LoginForm } from "@/components/login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await resolveSession({ headers: await headers() })) redirect("/");
  return (
    <main className="login">
      <div className="login-card">
        <h1 className="brand">Inbox</h1>
        <p className="muted">Every customer conversation, one calm inbox.</p>
        <LoginForm />
      </div>
    </main>
  );
}
