import { expect, test, type Page } from "@playwright/test";
import { ACME, FAKE_PLATFORM, agentPage, deliverFacebook, openBySearch, platformCalls, psid, unique } from "./helpers";

const composer = (p: Page) => p.getByRole("textbox", { name: "Message" });
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

// Issue 12 bug 2: a reply typed while its thread failed to load was cleared from the box and lost, with no error.
test("a reply typed while the thread failed to load stays in the box with an error, and is sent once the thread loads", async ({ browser, baseURL, request }) => {
  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  const page = carol.page;
  const text = unique("Thread will not load");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await page.route(/\/api\/conversations\/[^/]+\/messages\?/, (route) => route.abort());
  await openBySearch(page, text);
  const thread = page.getByRole("region", { name: "Messages" });
  await expect(thread).toContainText("Could not load messages.");
  const reply = unique("Typed while broken");
  await composer(page).fill(reply);
  await composer(page).press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "could not be loaded" })).toBeVisible();
  await expect(composer(page)).toHaveValue(reply);
  expect(JSON.stringify((await platformCalls(request)).calls)).not.toContain(reply);

  await page.unrouteAll();
  await thread.getByRole("button", { name: "Try again" }).click();
  await expect(thread.getByRole("article").filter({ hasText: text })).toBeVisible();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(thread.getByRole("article").filter({ hasText: reply })).toContainText("Sent");
  await expect(composer(page)).toHaveValue("");
  await carol.context.close();
});

// Issue 12 (bug 2, second half): switching conversations dropped the chosen files.
test("the draft of each conversation (text and chosen files) survives switching to another and back", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const page = alice.page;
  const first = unique("Draft one");
  const second = unique("Draft two");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: first });
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text: second });
  await openBySearch(page, first);
  await composer(page).fill("Half-written answer");
  await page.locator('form.composer input[type="file"]').setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByRole("list", { name: "Attachments" })).toContainText("receipt.png");
  await openBySearch(page, second);
  await expect(composer(page)).toHaveValue("");
  await expect(page.getByRole("list", { name: "Attachments" })).toHaveCount(0);
  await openBySearch(page, first);
  await expect(composer(page)).toHaveValue("Half-written answer");
  await expect(page.getByRole("list", { name: "Attachments" })).toContainText("receipt.png");
  await alice.context.close();
});

// Issue 12 bug 3: after the page was reconnected, the open conversation stayed "Replies are paused",
// Retry hidden, until the agent switched away. The server side of a pause is real elsewhere
// (ui-reauth.spec.ts); here the pause is what the tab last heard, and the server says connected,
// as it does right after an admin reconnects the page: nothing is emitted for that.
test("after the page is reconnected, the open paused conversation follows the fresh data when live updates reconnect", async ({ browser, baseURL, request }) => {
  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  const page = carol.page;
  const text = unique("Paused then reconnected");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await openBySearch(page, text);
  // A reply the platform refused: kept failed, with Retry.
  await request.post(`${FAKE_PLATFORM}/__fail`, { data: { platform: "facebook", answer: { status: 500, body: { error: { message: "Graph is down", code: 2 } } } } });
  const reply = unique("Refused reply");
  await composer(page).fill(reply);
  await composer(page).press("Enter");
  const thread = page.getByRole("region", { name: "Messages" });
  const failed = thread.getByRole("article").filter({ hasText: reply });
  await expect(failed.getByRole("button", { name: "Retry" })).toBeVisible();
  const id = new URL(page.url()).searchParams.get("c")!;

  // The tab's copy says the page needs reconnecting (as it did before the admin reconnected it).
  const paused = (c: { id: string; needsReauth: boolean }) => (c.id === id ? { ...c, needsReauth: true } : c);
  await page.route(/\/api\/conversations(\?|\/[^/?]+$)/, async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { conversations?: { id: string; needsReauth: boolean }[]; conversation?: { id: string; needsReauth: boolean } };
    if (body.conversations) body.conversations = body.conversations.map(paused);
    if (body.conversation) body.conversation = paused(body.conversation);
    await route.fulfill({ response: res, json: body });
  });
  await page.goto(`/?c=${id}`);
  await expect(page.getByText(/Replies are paused/)).toBeVisible();
  await expect(composer(page)).toBeDisabled();
  await expect(failed).toBeVisible();
  await expect(failed.getByRole("button", { name: "Retry" })).toHaveCount(0);

  // Reconnected: the server's data is fresh again; the tab's live updates drop and come back.
  // (A request still in the handler when the route goes must not fail the test: "already handled".)
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await carol.context.setOffline(true);
  await expect(page.getByRole("status", { name: /Live updates: Offline/ })).toBeVisible();
  await carol.context.setOffline(false);
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  await expect(composer(page)).toBeEnabled();
  await expect(page.getByText(/Replies are paused/)).toHaveCount(0);
  await expect(failed.getByRole("button", { name: "Retry" })).toBeVisible();
  await carol.context.close();
});
