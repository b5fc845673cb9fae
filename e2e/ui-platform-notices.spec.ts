import { expect, test } from "@playwright/test";
import { signFacebookBody } from "../lib/channels/facebook/verify-signature";
import { ACME, APP_SECRET, agentPage, unique } from "./helpers";

test("Messenger's policy enforcement notice is answered 200 and shown to the account's admins in Settings → Channels", async ({ browser, baseURL, request }) => {
  const reason = unique("The page was blocked for sending spam");
  const body = JSON.stringify({
    object: "page",
    entry: [{ id: ACME.facebook.pageId, time: Date.now(), messaging: [{ recipient: { id: ACME.facebook.pageId }, timestamp: Date.now(), policy_enforcement: { action: "block", reason } }] }],
  });
  const res = await request.post("/webhooks/facebook", { data: body, headers: { "x-hub-signature-256": signFacebookBody(body, APP_SECRET), "content-type": "application/json" } });
  expect(res.status()).toBe(200);
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  await alice.page.goto("/settings/channels");
  await expect(alice.page.getByRole("list", { name: "Platform notices" })).toContainText(`Policy enforcement (block) — ${reason}`);
  const bob = await agentPage(browser, baseURL!, "bob@globex.test");
  await bob.page.goto("/settings/channels");
  await expect(bob.page.locator("body")).not.toContainText(reason);
  await alice.context.close();
  await bob.context.close();
});
