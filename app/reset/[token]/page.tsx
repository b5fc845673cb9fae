import { describePasswordReset } from "@/lib/team/password-resets";
import { ResetPasswordForm } from "@/components/reset-password-form";
import { LogoMark } from "@/components/inbox/icons";

export const dynamic = "force-dynamic";

/** The page a reset link opens: the member sets a new password, then signs in with it. */
export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = token.length <= 200 ? await describePasswordReset(token) : null;
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <LogoMark size={34} />
          <h1>{reset ? "Set a new password" : "This link does not work"}</h1>
        </div>
        {reset ? (
          <ResetPasswordForm token={token} email={reset.email} name={reset.name} />
        ) : (
          <p className="tagline">It expired, was already used, or a newer link replaced it. Ask an admin of your account for a new one.</p>
        )}
      </div>
    </main>
  );
}
