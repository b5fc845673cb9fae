import { expect, test } from "@playwright/test";
import { FAKE_PLATFORM, GLOBEX, agentPage, deliverZalo, psid, unique } from "./helpers";

// Uses Globex's Zalo OA: flagging it for re-authorisation (there is no API to clear
// the flag) disturbs nothing the Acme tests rely on.
test("an integration whose token was rejected pauses the composer, with the reason", async ({ browser, baseURL, request }) => {
  const bob = await agentPage(browser, baseURL!, "bob@globex.test");
  const text = unique("Globex Zalo question");
  await deliverZalo(request, { to: GLOBEX.zalo.oaId, from: psid(), text });
  await bob.page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text }).click();
  const composer = bob.page.getByRole("textbox", { name: "Message" });
  await expect(composer).toBeEnabled();

  await request.post(`${FAKE_PLATFORM}/__fail`, {
    data: { platform: "zalo", answer: { status: 200, body: { error: -216, message: "Access token is invalid" } } },
  });
  const reply = unique("Before the token broke");
  await composer.fill(reply);
  await bob.page.getByRole("button", { name: "Send" }).click();
  const thread = bob.page.getByRole("region", { name: "Messages" });
  // Zalo's -216 and no refresh token to renew with: the reason says what to do.
  await expect(thread.getByRole("article").filter({ hasText: reply })).toContainText("Zalo refused the access token");

  // Live: the composer is disabled and says why, without a reload.
  await expect(composer).toBeDisabled();
  await expect(bob.page.getByRole("button", { name: "Send" })).toBeDisabled();
  await expect(bob.page.getByText(/Replies are paused: Globex OA must be reconnected/)).toBeVisible();
  await expect(composer).toHaveAccessibleDescription(/must be reconnected/);
  // And after a reload, for every conversation of that OA.
  await bob.page.reload();
  const other = unique("Another Globex Zalo customer");
  await deliverZalo(request, { to: GLOBEX.zalo.oaId, from: psid(), text: other });
  await bob.page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: other }).click();
  await expect(bob.page.getByRole("textbox", { name: "Message" })).toBeDisabled();
  await expect(bob.page.getByRole("region", { name: "Contact details" })).toContainText("needs to be reconnected");
  await bob.context.close();
});
