// npm run admin -- <command> [--flags]: accounts, agents and connected pages / OAs.
// With the embedded database it refuses to run while a server holds it (a PGlite directory
// belongs to one process): the team settings in the app do the same work while it runs.
import { parseArgs } from "node:util";
import { z } from "zod";
import { scriptEnv } from "@/lib/env";
import { systemDb } from "@/lib/db";
import { asAccount } from "@/lib/tenancy/tenant-context";
import { closeDatabase, openDatabase } from "@/lib/open-database";
import { addMember, createAccount } from "@/lib/admin/create-account";
import { connectIntegration } from "@/lib/admin/connect-integration";
import { channelIds, isChannel } from "@/lib/channels/channel-ids";
import { channels } from "@/lib/channels/registry";
import { removeMembership } from "@/lib/auth/revoke-session";
import { migrateDatabase } from "./db-migrate";
import { DatabaseInUseError } from "@/lib/pglite-lock";

// One connect-<channel> command per channel in the registry, with that channel's flags.
const connectUsage = channelIds.map((id) => {
  const c = channels[id].connect;
  const flags = Object.keys(c.credentialFlags).map((f) => `--${f} <${c.credentialFlags[f]}>`);
  return `  ${`connect-${id}`.padEnd(15)} --account <id> --${c.externalIdFlag} <id> --name "..." ${flags.join(" ")}`;
});
const usage = [
  "usage: npm run admin -- <command> [flags]",
  '  create-account  --name "Acme"',
  '  add-member      --account <id> --email a@b.c --name "Ann" --password "..." [--role admin|agent]',
  "  remove-member   --account <id> --email a@b.c",
  ...connectUsage,
  "  list",
].join("\n");
const channelFlags = channelIds.flatMap((id) => [channels[id].connect.externalIdFlag, ...Object.keys(channels[id].connect.credentialFlags)]);

const { positionals, values: f } = parseArgs({
  allowPositionals: true,
  options: Object.fromEntries(
    [...new Set(["name", "account", "email", "password", "role", ...channelFlags])].map((k) => [k, { type: "string" as const }]),
  ),
});

// Admin commands never serve requests: they run with no env (the demo database and key).
const e = scriptEnv();
const sealing = positionals[0]?.startsWith("connect-") ?? false;
if (sealing && e.demoSecrets) console.error("note: AUTH_SECRET is not set: secrets are sealed with the demo key, readable only by a server without AUTH_SECRET (npm run demo)");
try {
  await migrateDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir, quiet: true });
  await openDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir });
} catch (err) {
  // A running server holds the embedded database: say so in one line, touch nothing.
  if (!(err instanceof DatabaseInUseError)) throw err;
  console.error(err.message);
  process.exit(3);
}
const need = (k: string) => z.string({ error: `--${k} is required` }).min(1).parse(f[k]);
try {
  switch (positionals[0]) {
    case "create-account": {
      const a = await createAccount(need("name"));
      console.log(`account ${a.id} (${a.name})`);
      break;
    }
    case "add-member": {
      const u = await addMember({ accountId: need("account"), email: need("email"), name: need("name"), password: need("password"), role: (f.role ?? "agent") as "admin" | "agent" });
      console.log(`member ${u.email} added`);
      break;
    }
    case "remove-member": {
      // Admin tooling: users are found across accounts with the owner's client; the removal is the account's work.
      const user = await systemDb().user.findUniqueOrThrow({ where: { email: need("email").toLowerCase() } });
      console.log((await asAccount(need("account"), () => removeMembership(need("account"), user.id))) ? "removed; their sessions are revoked" : "not a member");
      break;
    }
    case "list": {
      for (const a of await systemDb().account.findMany({ include: { integrations: true, memberships: { include: { user: true } } } })) {
        console.log(`${a.id}  ${a.name}`);
        for (const m of a.memberships) console.log(`  ${m.role.padEnd(5)} ${m.user.email}`);
        for (const i of a.integrations) console.log(`  ${i.channel.padEnd(8)} ${i.externalId} ${i.name}${i.needsReauth ? " (needs re-authorisation)" : ""}`);
      }
      break;
    }
    default: {
      const channel = positionals[0]?.replace(/^connect-/, "");
      if (positionals[0]?.startsWith("connect-") && isChannel(channel)) {
        const c = channels[channel].connect;
        const credentials = Object.fromEntries(Object.entries(c.credentialFlags).map(([flag, key]) => [key, need(flag)]));
        const i = await connectIntegration({ accountId: need("account"), channel, externalId: need(c.externalIdFlag), name: need("name"), credentials });
        console.log(`${channels[channel].meta.integrationNoun} ${i.externalId} connected to ${i.accountId}${i.verified ? ` (${i.verified})` : ""}`);
        break;
      }
      console.error(usage);
      process.exitCode = 2;
    }
  }
} catch (err) {
  console.error(err instanceof z.ZodError ? err.issues.map((i) => i.message).join("; ") : (err as Error).message);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
