import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ACME, GLOBEX, deliverFacebook, originHeader, psid, signInByApi, unique } from "./helpers";

type Shown = { title: string; body: string; tag: string };

/**
 * Stands in for the browser's Notification (headless Chromium shows none): records every
 * `new Notification(...)` with the instance, so a test can click it; counts permission
 * prompts and WebAudio tones. The permission itself is the browser context's real one.
 */
function recordNotifications() {
  const w = window as unknown as Record<string, unknown>;
  const Real = window.Notification;
  const shown: { title: string; body: string; tag: string; n: EventTarget }[] = [];
  w.__shown = shown;
  w.__asked = 0;
  w.__tones = 0;
  class Recorded extends EventTarget {
    onclick: ((e: Event) => void) | null = null;
    constructor(title: string, options: NotificationOptions = {}) {
      super();
      shown.push({ title, body: options.body ?? "", tag: options.tag ?? "", n: this });
    }
    static get permission() {
      return Real.permission;
    }
    static requestPermission() {
      w.__asked = (w.__asked as number) + 1;
      return Real.requestPermission();
    }
    close() {}
  }
  Object.defineProperty(window, "Notification", { value: Recorded, configurable: true, writable: true });
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args: Parameters<OscillatorNode["start"]>) {
    w.__tones = (w.__tones as number) + 1;
    return start.apply(this, args);
  };
}

async function agentContext(browser: Browser, baseURL: string, email: string, granted = true): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  if (granted) await context.grantPermissions(["notifications"], { origin: new URL(baseURL).origin });
  await context.addInitScript(recordNotifications);
  await signInByApi(context.request, email, baseURL);
  return context;
}

async function openTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  // Several tabs connect at once here: on a busy machine the handshake may take longer than 5 s.
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible({ timeout: 15_000 });
  return page;
}

const shown = (page: Page) => page.evaluate(() => ((window as unknown as { __shown: Shown[] }).__shown ?? []).map(({ title, body, tag }) => ({ title, body, tag })));
const allShown = async (pages: Page[]) => (await Promise.all(pages.map(shown))).flat();
const row = (page: Page, text: string) => page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text });
const unreadOf = async (context: BrowserContext) => ((await (await context.request.get("/api/me/unread")).json()) as { conversations: number }).conversations;
const conversationOf = async (context: BrowserContext, text: string) => {
  const res = await context.request.get(`/api/conversations?status=all&q=${encodeURIComponent(text)}`);
  const { conversations } = (await res.json()) as { conversations: { id: string }[] };
  expect(conversations).toHaveLength(1);
  return conversations[0]!.id;
};
const memberId = async (context: BrowserContext, prefix: string) => {
  const { members } = (await (await context.request.get("/api/account/members")).json()) as { members: { id: string; name: string }[] };
  return members.find((m) => m.name.startsWith(prefix))!;
};
const setPrefs = async (context: BrowserContext, baseURL: string, patch: object) =>
  expect((await context.request.patch("/api/me/preferences", { data: patch, headers: originHeader(baseURL) })).status()).toBe(200);
const defaults = { sound: false, desktop: true, newConversations: true, assigned: true, mentions: true };

test("the tab title and the favicon count conversations with unread messages, live, and the icon comes back at 0", async ({ browser, baseURL }) => {
  const bob = await agentContext(browser, baseURL!, "bob@globex.test");
  // Start from nothing unread for Bob (whatever earlier files left in Globex).
  for (let cursor: string | null = null, pages = 0; pages < 40; pages++) {
    const res = await bob.request.get(`/api/conversations?status=all&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    const body = (await res.json()) as { conversations: { id: string; unreadCount: number }[]; nextCursor: string | null };
    for (const c of body.conversations.filter((x) => x.unreadCount > 0)) await bob.request.post(`/api/conversations/${c.id}/read`, { data: {}, headers: originHeader(baseURL) });
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  expect(await unreadOf(bob)).toBe(0);
  const page = await openTab(bob);
  const icon = page.locator('link[rel~="icon"]');
  await expect(page).toHaveTitle("Inbox");
  await expect(icon).toHaveAttribute("href", "/favicon.svg");

  const first = unique("Count me");
  await deliverFacebook(bob.request, { to: GLOBEX.facebook.pageId, from: psid(), text: first });
  await expect(page).toHaveTitle("(1) Inbox");
  await expect(icon).toHaveAttribute("data-badge", "1");
  await expect(icon).toHaveAttribute("href", /^data:image\/png;base64,/);
  const second = unique("Count me too");
  await deliverFacebook(bob.request, { to: GLOBEX.facebook.pageId, from: psid(), text: second });
  await expect(page).toHaveTitle("(2) Inbox");
  await expect(icon).toHaveAttribute("data-badge", "2");

  // Reading them brings the title and the icon back.
  await row(page, first).click();
  await expect(page).toHaveTitle("(1) Inbox");
  await row(page, second).click();
  await expect(page).toHaveTitle("Inbox");
  await expect(icon).toHaveAttribute("href", "/favicon.svg");
  await expect(icon).not.toHaveAttribute("data-badge", /./);
  // None of it was a desktop notification for what Bob had open, nor a prompt on load.
  expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
  await bob.close();
});

test("desktop notifications: a new conversation, a customer message in one assigned to Carol, a mention of Carol — once across her tabs, none for Bob; a click opens it", async ({ browser, baseURL }) => {
  const alice = await agentContext(browser, baseURL!, "alice@acme.test");
  const carol = await agentContext(browser, baseURL!, "carol@acme.test");
  const bob = await agentContext(browser, baseURL!, "bob@globex.test");
  await setPrefs(carol, baseURL!, defaults);
  const alicePage = await openTab(alice);
  const carolTabs = [await openTab(carol), await openTab(carol)];
  const bobPage = await openTab(bob);
  const carolId = (await memberId(alice, "Carol")).id;
  const alicePrefix = (await memberId(alice, "Alice")).name;

  // A new conversation: one notification for Carol however many tabs, naming it as new.
  const text = unique("Where is my parcel");
  await deliverFacebook(alice.request, { to: ACME.facebook.pageId, from: psid(), text });
  await expect.poll(async () => (await allShown(carolTabs)).filter((n) => n.body === text)).toEqual([{ title: expect.stringMatching(/^New conversation: /), body: text, tag: expect.stringMatching(/^conversation:/) }]);
  const id = await conversationOf(alice, text);

  // Assigned to Carol (by Alice): the customer's next message tells Carol, not Alice (not hers).
  expect((await alice.request.post(`/api/conversations/${id}/assignee`, { data: { assigneeId: carolId }, headers: originHeader(baseURL) })).status()).toBeLessThan(300);
  const again = unique("Any news");
  await deliverFacebook(alice.request, { to: ACME.facebook.pageId, from: await fromOf(alice, id), text: again });
  await expect.poll(async () => (await allShown(carolTabs)).filter((n) => n.body === again)).toEqual([{ title: expect.stringMatching(/^New message from /), body: again, tag: expect.stringMatching(/^message:/) }]);

  // A note of Alice's that mentions Carol.
  const noteText = `@Carol Tran ${unique("please call them back")}`;
  expect((await alice.request.post(`/api/conversations/${id}/notes`, { data: { text: noteText, mentions: [carolId] }, headers: originHeader(baseURL) })).status()).toBe(201);
  await expect.poll(async () => (await allShown(carolTabs)).filter((n) => n.body === noteText)).toEqual([{ title: `${alicePrefix} mentioned you`, body: noteText, tag: expect.stringMatching(/^mention:/) }]);

  // Alice heard of the new conversation only (the reply-to-Carol and the mention are not hers); Bob of nothing.
  expect((await shown(alicePage)).filter((n) => [again, noteText].includes(n.body))).toEqual([]);
  expect(await shown(bobPage)).toEqual([]);

  // Clicking the mention's notification opens the conversation in the tab that showed it.
  const owner = (await Promise.all(carolTabs.map(async (p) => ((await shown(p)).some((n) => n.body === noteText) ? p : null)))).find((p) => p)!;
  await owner.evaluate((body) => {
    const hit = (window as unknown as { __shown: { body: string; n: EventTarget }[] }).__shown.find((n) => n.body === body)!;
    hit.n.dispatchEvent(new Event("click"));
  }, noteText);
  await expect(owner).toHaveURL(new RegExp(`[?&]c=${id}$`));
  const note = owner.getByRole("region", { name: "Messages" }).getByRole("article", { name: "Private note" }).filter({ hasText: noteText });
  await expect(note).toBeVisible();
  // Her own name is marked in the note.
  await expect(note.locator("mark.mention-me")).toHaveText("@Carol Tran");

  // Now a tab of hers shows the conversation: the customer's next message notifies in none of them.
  const seen = unique("Seen already");
  const before = (await allShown(carolTabs)).length;
  await deliverFacebook(alice.request, { to: ACME.facebook.pageId, from: await fromOf(alice, id), text: seen });
  await expect(owner.getByRole("region", { name: "Messages" })).toContainText(seen);
  await owner.waitForTimeout(2500);
  expect(await allShown(carolTabs)).toHaveLength(before);
  expect(await shown(bobPage)).toEqual([]);
  for (const c of [alice, carol, bob]) await c.close();
});

test("Carol's preferences: switched off in the Notifications dialog (her other tab follows), they stop; sound without desktop plays a tone only", async ({ browser, baseURL }) => {
  const alice = await agentContext(browser, baseURL!, "alice@acme.test");
  const carol = await agentContext(browser, baseURL!, "carol@acme.test");
  await setPrefs(carol, baseURL!, defaults);
  await openTab(alice);
  const [tab, other] = [await openTab(carol), await openTab(carol)];
  const carolId = (await memberId(alice, "Carol")).id;
  const text = unique("Old customer");
  await deliverFacebook(alice.request, { to: ACME.facebook.pageId, from: psid(), text });
  const id = await conversationOf(alice, text);
  expect((await alice.request.post(`/api/conversations/${id}/assignee`, { data: { assigneeId: carolId }, headers: originHeader(baseURL) })).status()).toBeLessThan(300);
  await expect.poll(async () => (await allShown([tab, other])).filter((n) => n.body === text)).toHaveLength(1);

  // An agent (not an admin) reaches it from her account menu.
  await tab.getByRole("button", { name: /Account menu/ }).click();
  await tab.getByRole("button", { name: "Notifications" }).click();
  const dialog = tab.getByRole("dialog", { name: "Notifications" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("status")).toHaveText("Allowed by the browser");
  for (const name of ["Mentions of me in notes", "New messages in conversations assigned to me"]) {
    const box = dialog.getByRole("checkbox", { name });
    await expect(box).toBeChecked();
    await box.uncheck();
    await expect(box).not.toBeChecked();
  }
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
  // Her other tab was told, without a reload.
  await other.getByRole("button", { name: /Account menu/ }).click();
  await other.getByRole("button", { name: "Notifications" }).click();
  const otherDialog = other.getByRole("dialog", { name: "Notifications" });
  await expect(otherDialog.getByRole("checkbox", { name: "Mentions of me in notes" })).not.toBeChecked();
  await expect(otherDialog.getByRole("checkbox", { name: "New messages in conversations assigned to me" })).not.toBeChecked();
  await expect(otherDialog.getByRole("checkbox", { name: "New conversations" })).toBeChecked();
  await otherDialog.press("Escape");
  await expect(otherDialog).toHaveCount(0);

  const before = (await allShown([tab, other])).length;
  const again = unique("Still there?");
  await deliverFacebook(alice.request, { to: ACME.facebook.pageId, from: await fromOf(alice, id), text: again });
  const noteText = `@Carol Tran ${unique("look at this")}`;
  expect((await alice.request.post(`/api/conversations/${id}/notes`, { data: { text: noteText, mentions: [carolId] }, headers: originHeader(baseURL) })).status()).toBe(201);
  await expect(row(tab, again)).toBeVisible();
  await tab.waitForTimeout(2500);
  expect(await allShown([tab, other])).toHaveLength(before);

  // Desktop off, sound on: a new conversation plays the tone in one tab and shows nothing.
  await setPrefs(carol, baseURL!, { desktop: false, sound: true });
  const tones = async () => (await Promise.all([tab, other].map((p) => p.evaluate(() => (window as unknown as { __tones: number }).__tones)))).reduce((a, b) => a + b, 0);
  const tonesBefore = await tones();
  const fresh = unique("New one, quietly");
  await deliverFacebook(alice.request, { to: ACME.facebook.pageId, from: psid(), text: fresh });
  await expect(row(tab, fresh)).toBeVisible();
  await expect.poll(tones).toBeGreaterThan(tonesBefore);
  await tab.waitForTimeout(1500);
  expect(await allShown([tab, other])).toHaveLength(before);
  await setPrefs(carol, baseURL!, defaults);
  for (const c of [alice, carol]) await c.close();
});

test("permission is asked only from the dialog's button, never on load, and the dialog says what the browser answered", async ({ browser, baseURL }) => {
  const carol = await agentContext(browser, baseURL!, "carol@acme.test", false);
  const page = await openTab(carol);
  expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("button", { name: "Notifications" }).click();
  const dialog = page.getByRole("dialog", { name: "Notifications" });
  await expect(dialog.getByRole("status")).toHaveText("This browser has not been allowed to show notifications yet.");
  await dialog.getByRole("button", { name: "Allow desktop notifications" }).click();
  expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
  // Headless Chromium answers the prompt itself; either answer is shown as such.
  await expect(dialog.getByRole("status")).toHaveText(/Allowed by the browser|Blocked by the browser/);
  await carol.close();
});

/** The customer (platform user id) of a conversation, to write in it again. */
async function fromOf(context: BrowserContext, conversationId: string): Promise<string> {
  const { conversation } = (await (await context.request.get(`/api/conversations/${conversationId}`)).json()) as { conversation: { contact: { externalId: string } } };
  return conversation.contact.externalId;
}
