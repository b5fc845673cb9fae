import { describePasswordReset } from "@/lib/team/password-resets";
import { ResetPasswordForm } from "@/components/reset-password-form";
import { LogoMark } from "@/components/inbox/icons";
import { getLocale } from "@/lib/i18n/server-locale";
import { translate } from "@/lib/shared/i18n/translate";

export const dynamic = "force-dynamic";

/** The page a reset link opens: the member sets a new password, then signs in with it. */
export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = token.length <= 200 ? await describePasswordReset(token) : null;
  const locale = await getLocale();
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <LogoMark size={34} />
          <h1>{translate(locale, reset ? "reset.title" : "reset.dead")}</h1>
        </div>
        {reset ? (
          <ResetPasswordForm token={token} email={reset.email} name={reset.name} />
        ) : (
          <p className="tagline">{translate(locale, "reset.deadHint")}</p>
        )}
      </div>
    </main>
  );
}
