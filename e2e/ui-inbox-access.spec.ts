import { expect, test } from "@playwright/test";
import { ACME, agentPage, deliverFacebook, deliverZalo, originHeader, psid, unique } from "./helpers";

test("an admin limits an agent to the Zalo inbox in Settings → Team: her open page drops the Facebook conversations and gets no live rows of it; the admin still sees them", async ({ browser, baseURL }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  const carolList = carol.page.getByRole("navigation", { name: "Conversations" });
  const aliceList = alice.page.getByRole("navigation", { name: "Conversations" });
  try {
    const before = unique("facebook before");
    const zalo = unique("zalo before");
    await deliverFacebook(alice.page.request, { to: ACME.facebook.pageId, from: psid(), text: before });
    await deliverZalo(alice.page.request, { to: ACME.zalo.oaId, from: `82${Date.now()}`.slice(0, 16), text: zalo });
    await expect(carolList.getByRole("link").filter({ hasText: before })).toBeVisible();
    await expect(carolList.getByRole("link").filter({ hasText: zalo })).toBeVisible();

    await alice.page.getByRole("link", { name: "Settings" }).click();
    await alice.page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Team" }).click();
    await alice.page.getByLabel(/^Inboxes of Carol Tran/).click();
    const group = alice.page.getByRole("group", { name: "Inboxes Carol Tran works in" });
    await group.getByRole("radio", { name: "Only these" }).check();
    await group.getByRole("checkbox", { name: /Acme Page/ }).uncheck();
    await expect(group.getByRole("checkbox", { name: /Acme OA/ })).toBeChecked();
    await group.getByRole("button", { name: "Save inboxes of Carol Tran" }).click();
    await expect(alice.page.getByLabel("Inboxes of Carol Tran: Acme OA")).toBeVisible();
    await expect(alice.page.getByRole("list", { name: "Recent changes" })).toContainText("set the inboxes of Carol Tran: Acme OA");

    // Carol's open page, without a reload: the Facebook row goes, the Zalo one stays.
    await expect(carolList.getByRole("link").filter({ hasText: before })).toHaveCount(0);
    await expect(carolList.getByRole("link").filter({ hasText: zalo })).toBeVisible();
    await expect(carol.page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();

    // New messages: Zalo reaches her live, Facebook never does; Alice gets both.
    await alice.page.goto("/");
    const after = unique("facebook after");
    const zaloAfter = unique("zalo after");
    await deliverFacebook(alice.page.request, { to: ACME.facebook.pageId, from: psid(), text: after });
    await deliverZalo(alice.page.request, { to: ACME.zalo.oaId, from: `83${Date.now()}`.slice(0, 16), text: zaloAfter });
    await expect(carolList.getByRole("link").filter({ hasText: zaloAfter })).toBeVisible();
    await expect(aliceList.getByRole("link").filter({ hasText: after })).toBeVisible();
    await expect(aliceList.getByRole("link").filter({ hasText: before })).toBeVisible();
    await carol.page.waitForTimeout(1000);
    await expect(carolList.getByRole("link").filter({ hasText: after })).toHaveCount(0);
    // Search and a reload say the same.
    await carol.page.getByRole("searchbox", { name: "Search conversations" }).fill(after);
    await carol.page.waitForTimeout(800);
    await expect(carolList.getByRole("link").filter({ hasText: after })).toHaveCount(0);
    await carol.page.reload();
    await expect(carol.page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
    await expect(carolList.getByRole("link").filter({ hasText: zaloAfter })).toBeVisible();
    await expect(carolList.getByRole("link").filter({ hasText: before })).toHaveCount(0);
  } finally {
    // Later specs use Carol on every inbox.
    const members = (await (await alice.page.request.get("/api/account/members")).json()) as { members: { id: string; name: string }[] };
    const carolId = members.members.find((m) => m.name === "Carol Tran")!.id;
    const res = await alice.page.request.put(`/api/account/members/${carolId}/inboxes`, { data: { all: true, integrationIds: [] }, headers: originHeader(baseURL) });
    expect(res.status()).toBe(200);
    for (const c of [alice.context, carol.context]) await c.close();
  }
});
