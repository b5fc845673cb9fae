import { expect, test } from "@playwright/test";
import { ACME, agentPage, deliverFacebook, deliverZalo, platformCalls, psid, unique } from "./helpers";

for (const channel of ["facebook", "zalo"] as const) {
  test(`an agent replies from the composer on ${channel}; the other agent sees it live`, async ({ browser, baseURL, request }) => {
    const alice = await agentPage(browser, baseURL!, "alice@acme.test");
    const carol = await agentPage(browser, baseURL!, "carol@acme.test");
    const question = unique("Can I change my order?");
    const from = psid();
    if (channel === "facebook") await deliverFacebook(request, { to: ACME.facebook.pageId, from, text: question });
    else await deliverZalo(request, { to: ACME.zalo.oaId, from, text: question });

    await alice.page.getByRole("link").filter({ hasText: question }).click();
    const answer = unique("Of course, which item?");
    const composer = alice.page.getByRole("textbox", { name: "Message" });
    await composer.fill(answer);
    await alice.page.getByRole("button", { name: "Send" }).click();
    const thread = alice.page.getByRole("region", { name: "Messages" });
    await expect(thread.getByRole("article").filter({ hasText: answer })).toContainText("Sent");
    await expect(composer).toHaveValue("");

    const calls = await platformCalls(request);
    const sent = calls.calls.filter((c) => c.method === "POST" && JSON.stringify(c.body ?? null).includes(answer));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe(channel === "facebook" ? `/${ACME.facebook.pageId}/messages` : "/v3.0/oa/message/cs");
    expect(calls.violations).toEqual([]);

    // Carol's list shows the reply as the latest activity, live.
    await expect(carol.page.getByRole("link").filter({ hasText: answer })).toBeVisible();
    await alice.context.close();
    await carol.context.close();
  });
}

test("Enter sends, Shift+Enter makes a new line", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const question = unique("Multi-line please");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: question });
  await alice.page.getByRole("link").filter({ hasText: question }).click();
  const composer = alice.page.getByRole("textbox", { name: "Message" });
  await composer.click();
  await composer.pressSequentially("line one");
  await composer.press("Shift+Enter");
  await composer.pressSequentially("line two");
  await expect(composer).toHaveValue("line one\nline two");
  await composer.press("Enter");
  await expect(alice.page.getByRole("region", { name: "Messages" }).getByRole("article").filter({ hasText: "line two" })).toContainText("Sent");
  await alice.context.close();
});
