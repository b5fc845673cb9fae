import { describeInvite } from "@/lib/team/invites";
import { InviteForm } from "@/components/invite-form";
import { LogoMark } from "@/components/inbox/icons";

export const dynamic = "force-dynamic";

/** The page an invite link opens: join the account with your own name and password. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = token.length <= 200 ? await describeInvite(token) : null;
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-brand">
          <LogoMark size={34} />
          <h1>{invite ? `Join ${invite.accountName} on Inbox` : "This invite link does not work"}</h1>
        </div>
        {invite ? (
          <InviteForm token={token} accountName={invite.accountName} />
        ) : (
          <p className="tagline">It expired, was already used, or was revoked. Ask an admin of the account for a new one.</p>
        )}
      </div>
    </main>
  );
}
