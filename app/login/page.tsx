import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { endedSession, resolveSession } from "@/lib/auth/resolve-session";
import { LoginForm } from "@/components/login-form";
import { LogoMark } from "@/components/inbox/icons";
import { LanguageSwitch } from "@/components/i18n";
import { getLocale } from "@/lib/i18n/server-locale";
import { translate } from "@/lib/shared/i18n/translate";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  const source = { headers: await headers() };
  if (await resolveSession(source)) redirect("/");
  const ended = await endedSession(source);
  const locale = await getLocale();
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate(locale, key, vars);
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <LogoMark size={34} />
          <h1>{t("login.title")}</h1>
        </div>
        <p className="tagline">{t("login.tagline")}</p>
        {ended && (
          <p role="status" className="notice">
            {ended.reason === "removed"
              ? t("login.removed", { account: ended.accountName })
              : ended.reason === "password_reset"
                ? t("login.passwordReset")
                : t("login.expired")}
          </p>
        )}
        <LoginForm />
        <LanguageSwitch />
      </div>
    </main>
  );
}
