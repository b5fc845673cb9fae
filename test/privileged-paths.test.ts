import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

/**
 * The owner's client (systemDb) is not limited by row-level security. These are the only
 * modules that may use it, each for the one reason given; a new one must be added here, in
 * review, with its reason. Everything else goes through db(), inside asAccount.
 */
const PRIVILEGED: Record<string, string> = {
  "lib/db.ts": "defines it",
  "lib/auth/resolve-session.ts": "a session is found by its id before its account is known; liveSessionIds re-checks a node's sockets of every account",
  "lib/auth/auth-options.ts": "sign-in finds the user by email, before any account",
  "lib/auth/create-auth-session.ts": "writes the session row at sign-in and account switch, before that account is the work's",
  "lib/auth/revoke-session.ts": "sign-out names the session only",
  "lib/auth/switch-account.ts": "the account switched to is not the session's: the membership of this user there",
  "lib/auth/get-me.ts": "the account switcher lists this user's own memberships in other accounts (names and roles)",
  "lib/integrations/find-integration.ts": "a webhook's page / OA decides its account: found by the platform's id",
  "lib/admin/connect-integration.ts": "whether another account already has this page / OA (then refused)",
  "lib/channels/zalo/oauth-connect.ts": "whether another account already has this OA (then refused); expired attempts of every account are deleted",
  "lib/team/invites.ts": "an invite link is all the invitee has; users span accounts",
  "lib/team/password-resets.ts": "a reset link is all the visitor has; a login spans accounts (an admin may reset only one whose every account they run, and its sessions end in all)",
  "lib/admin/create-account.ts": "admin tooling: creates accounts and users",
  "lib/demo/seed-demo.ts": "admin tooling: seeds the demo accounts",
  "scripts/admin.ts": "admin tooling: the CLI",
  "lib/health.ts": "SELECT 1, no table",
  "lib/db-maintenance.ts": "ANALYZE and VACUUM are the owner's, on tables of every account; it reads no row",
  "lib/inbox/wake-snoozed.ts": "the sweep lists due conversations of every account; each is woken inside its own account",
  "lib/inbox/keep-inbound-attachments.ts": "the sweep lists due downloads of every account; each runs inside its own account",
  "lib/tenancy/member-names.ts": "names (only) of users the account's own rows name, who may have left it: history keeps their name",
  "lib/server/create-realtime-server.ts": "the periodic re-check reads this node's members of every account at once",
};

const root = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(path.join(root, rel)).isDirectory()) return sources(rel);
    return /\.(ts|tsx|mts)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

test("only the listed modules use the owner's client, which row-level security does not limit", () => {
  const users = ["lib", "app", "components", "hooks", "scripts", "bench"]
    .flatMap(sources)
    .concat("server.ts")
    // A call or an import, not a mention in a comment.
    .filter((f) => /\bsystemDb\(\)|import \{[^}]*\bsystemDb\b/.test(readFileSync(path.join(root, f), "utf8")))
    .sort();
  expect(users).toEqual(Object.keys(PRIVILEGED).sort());
});

test("the browser's code never reaches the database clients", () => {
  const browser = ["components", "hooks"].flatMap(sources).filter((f) => /from "@\/lib\/db"/.test(readFileSync(path.join(root, f), "utf8")));
  expect(browser).toEqual([]);
});
