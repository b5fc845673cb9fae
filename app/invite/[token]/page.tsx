import { describeInvite } from "@/lib/team/invites";
import { InviteForm } from "@/components/invite-form";
import { LogoMark } from "@/components/inbox/icons";
import { getLocale } from "@/lib/i18n/server-locale";
import { translate } from "@/lib/shared/i18n/translate";

export const dynamic = "force-dynamic";

/** The page an invite link opens: join the account with your own name and password. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = token.length <= 200 ? await describeInvite(token) : null;
  const locale = await getLocale();
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <LogoMark size={34} />
          <h1>{invite ? translate(locale, "invite.title", { account: invite.accountName }) : translate(locale, "invite.dead")}</h1>
        </div>
        {invite ? (
          <InviteForm token={token} accountName={invite.accountName} />
        ) : (
          <p className="tagline">{translate(locale, "invite.deadHint")}</p>
        )}
      </div>
    </main>
  );
}
