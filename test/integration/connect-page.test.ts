import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { systemDb } from "@/lib/db";
import { createAccount } from "@/lib/admin/create-account";
import { connectFacebookPage } from "@/lib/admin/connect-integration";
import { findIntegration } from "@/lib/integrations/find-integration";
import { FACEBOOK_WEBHOOK_FIELDS } from "@/lib/channels/facebook/verify-page";
import { databaseKinds } from "../support/test-db";
import { startFakePlatform } from "../support/fake-platform";
import { pageNames, subscriptions } from "../support/fake-platforms/facebook";
import { ACME, GLOBEX, useWorld } from "../support/world";

describe.each(databaseKinds())("connecting a Facebook page checks it with Graph on %s", (kind) => {
  const w = useWorld(kind);
  const graphCalls = (path: string) => w.platform.calls.filter((c) => c.platform === "facebook" && c.path === path);

  test("the page's own token: /me names the page, the app is subscribed to the page's webhook fields, then it is stored", async () => {
    const account = await createAccount("Initrode");
    const pageId = "100000000000801";
    w.platform.tokens.facebook[pageId] = "EAAB-initrode-token";
    pageNames.set(pageId, "Initrode Shop");
    const row = await connectFacebookPage({ accountId: account.id, pageId, name: "Initrode", pageAccessToken: "EAAB-initrode-token" });
    expect(row.verified).toContain('page "Initrode Shop"');
    const [me] = graphCalls("/me").slice(-1);
    expect(me).toMatchObject({ method: "GET", query: { fields: "id,name", access_token: "EAAB-initrode-token" } });
    const [sub] = graphCalls(`/${pageId}/subscribed_apps`).slice(-1);
    expect(sub).toMatchObject({ method: "POST", query: { access_token: "EAAB-initrode-token" } });
    expect(subscriptions.get(pageId)).toEqual([...FACEBOOK_WEBHOOK_FIELDS]);
    expect((await findIntegration("facebook", pageId))?.credentials.accessToken).toBe("EAAB-initrode-token");
    expect(w.platform.violations).toEqual([]);
  });

  test("a token Graph does not accept is refused with Graph's reason; nothing is stored and nothing subscribed", async () => {
    const account = await createAccount("Vandelay");
    const pageId = "100000000000802";
    const subs = graphCalls(`/${pageId}/subscribed_apps`).length;
    await expect(connectFacebookPage({ accountId: account.id, pageId, name: "Vandelay", pageAccessToken: "EAAB-typo" })).rejects.toThrow(
      /Facebook refused the connection\. Graph refused the access token: Invalid OAuth access token - Cannot parse access token \(code 190\)/,
    );
    expect(await systemDb().integration.count({ where: { externalId: pageId } })).toBe(0);
    expect(graphCalls(`/${pageId}/subscribed_apps`)).toHaveLength(subs);
  });

  test("another page's token is refused, naming the page it belongs to; a refused reconnect leaves the stored page as it was", async () => {
    const account = await createAccount("Kramerica");
    // Globex's valid page token, offered for a different page.
    await expect(connectFacebookPage({ accountId: account.id, pageId: "100000000000803", name: "Kramerica", pageAccessToken: GLOBEX.facebook.token })).rejects.toThrow(
      new RegExp(`not page 100000000000803's: it names "Page ${GLOBEX.facebook.pageId}" \\(${GLOBEX.facebook.pageId}\\)`),
    );
    expect(await systemDb().integration.count({ where: { externalId: "100000000000803" } })).toBe(0);
    // Acme reconnecting its page with Globex's token: refused, Acme's token and flag untouched.
    await systemDb().integration.updateMany({ where: { externalId: ACME.facebook.pageId }, data: { needsReauth: true } });
    await expect(connectFacebookPage({ accountId: ACME.id, pageId: ACME.facebook.pageId, name: "Acme Page", pageAccessToken: GLOBEX.facebook.token })).rejects.toThrow(/not page/);
    expect(await findIntegration("facebook", ACME.facebook.pageId)).toMatchObject({ needsReauth: true, credentials: { accessToken: ACME.facebook.token } });
    await systemDb().integration.updateMany({ where: { externalId: ACME.facebook.pageId }, data: { needsReauth: false } });
  });

  test("a subscription Graph refuses (a token without pages_manage_metadata) is refused with the reason", async () => {
    const account = await createAccount("Pendant");
    const pageId = "100000000000804";
    w.platform.tokens.facebook[pageId] = "EAAB-pendant-token";
    w.platform.failNext("facebook", { status: 403, body: { error: { message: "(#200) The user must be an administrator, editor, or moderator of the page", type: "OAuthException", code: 200 } } });
    await expect(connectFacebookPage({ accountId: account.id, pageId, name: "Pendant", pageAccessToken: "EAAB-pendant-token" })).rejects.toThrow(
      /refused to subscribe the app to the page's webhooks: \(#200\) The user must be an administrator, editor, or moderator of the page \(code 200\)/,
    );
    expect(await systemDb().integration.count({ where: { externalId: pageId } })).toBe(0);
  });
});

describe("npm run admin -- connect-facebook", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  function admin(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", ...env } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
      child.once("error", reject);
      child.once("close", (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
    });
  }

  test("a wrong token: Graph's reason printed, exit code 1; the page's own token: connected", async () => {
    const fake = await startFakePlatform({ facebook: { "100000000000901": "EAAB-cli-token" }, zalo: [] });
    try {
      const dir = await mkdtemp(path.join(os.tmpdir(), "inbox-connect-"));
      dirs.push(dir);
      const env = { DATA_DIR: path.join(dir, "data"), FACEBOOK_GRAPH_API_URL: fake.url };
      const created = await admin(["create-account", "--name", "Cli Co"], env);
      expect(created.code, created.stderr).toBe(0);
      const accountId = /account (\S+)/.exec(created.stdout)![1]!;
      const connect = (token: string) => admin(["connect-facebook", "--account", accountId, "--page-id", "100000000000901", "--name", "Cli Page", "--token", token], env);
      const wrong = await connect("EAAB-wrong");
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain("Graph refused the access token: Invalid OAuth access token");
      expect(wrong.stdout).not.toContain("connected");
      const right = await connect("EAAB-cli-token");
      expect(right.code, right.stderr).toBe(0);
      expect(right.stdout).toMatch(/Facebook page 100000000000901 connected to \S+ \(page "Page 100000000000901"; webhooks subscribed: messages,/);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  }, 180_000);
});
