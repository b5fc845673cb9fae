import { describe, expect, test } from "vitest";
import { systemDb } from "@/lib/db";
import { addMember, createAccount } from "@/lib/admin/create-account";
import { connectFacebookPage, connectZaloOa } from "@/lib/admin/connect-integration";
import { findIntegration } from "@/lib/integrations/find-integration";
import { buildFacebookWebhook } from "@/lib/channels/simulate-webhook";
import { signInWithPassword } from "@/lib/auth/auth-options";
import { databaseKinds } from "../support/test-db";
import { ACME, useWorld } from "../support/world";
import { FB_SECRET, postFacebook } from "../support/webhooks";

describe.each(databaseKinds())("connecting accounts and pages on %s", (kind) => {
  const w = useWorld(kind);

  test("a new account with an admin and a page receives its page's messages; secrets are encrypted at rest", async () => {
    // Graph knows the page's token (connecting asks it: test/integration/connect-page.test.ts).
    w.platform.tokens.facebook["100000000000777"] = "EAAB-initech-token";
    const account = await createAccount("Initech");
    await addMember({ accountId: account.id, email: "Peter@Initech.test", name: "Peter", password: "a-strong-password", role: "admin" });
    await connectFacebookPage({ accountId: account.id, pageId: "100000000000777", name: "Initech Page", pageAccessToken: "EAAB-initech-token" });
    const row = await systemDb().integration.findFirstOrThrow({ where: { externalId: "100000000000777" } });
    // One sealed JSON blob; nothing in the legacy columns.
    expect(row.credentials).toMatch(/^v1:/);
    expect(row.credentials).not.toContain("EAAB-initech-token");
    expect(row).toMatchObject({ accessToken: null, appId: null, secretKey: null });
    expect((await findIntegration("facebook", "100000000000777"))?.credentials.accessToken).toBe("EAAB-initech-token");
    expect((await postFacebook(buildFacebookWebhook({ to: "100000000000777", from: "7123", text: "hello initech" }, FB_SECRET).body)).status).toBe(200);
    expect(await systemDb().message.count({ where: { accountId: account.id } })).toBe(1);
    expect(await signInWithPassword({ email: "peter@initech.test", password: "a-strong-password" })).toMatchObject({ accountId: account.id });
  });

  test("a page or OA owned by another account cannot be taken over; reconnecting clears re-authorisation", async () => {
    const other = await createAccount("Hooli");
    await expect(connectFacebookPage({ accountId: other.id, pageId: ACME.facebook.pageId, name: "Stolen", pageAccessToken: "EAAB-hooli-token" })).rejects.toThrow(/another account/);
    await expect(connectZaloOa({ accountId: other.id, oaId: ACME.zalo.oaId, appId: ACME.zalo.appId, name: "Stolen", secretKey: "k-123", accessToken: "zalo-token-123" })).rejects.toThrow(/another account/);
    await systemDb().integration.updateMany({ where: { externalId: ACME.facebook.pageId }, data: { needsReauth: true } });
    w.platform.tokens.facebook[ACME.facebook.pageId] = "EAAB-fresh-token";
    await connectFacebookPage({ accountId: ACME.id, pageId: ACME.facebook.pageId, name: "Acme Page", pageAccessToken: "EAAB-fresh-token" });
    expect(await findIntegration("facebook", ACME.facebook.pageId)).toMatchObject({ needsReauth: false, credentials: { accessToken: "EAAB-fresh-token" } });
    w.platform.tokens.facebook[ACME.facebook.pageId] = ACME.facebook.token;
    await connectFacebookPage({ accountId: ACME.id, pageId: ACME.facebook.pageId, name: "Acme Page", pageAccessToken: ACME.facebook.token });
  });
});
