import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { ACME, deliverFacebook, originHeader, psid, signInByApi, unique } from "./helpers";

type Shown = { title: string; body: string; tag: string };

/** Records every `new Notification(...)` (headless Chromium shows none); the permission is the context's real one. */
function recordNotifications() {
  const w = window as unknown as Record<string, unknown>;
  const Real = window.Notification;
  const shown: Shown[] = [];
  w.__shown = shown;
  class Recorded extends EventTarget {
    constructor(title: string, options: NotificationOptions = {}) {
      super();
      shown.push({ title, body: options.body ?? "", tag: options.tag ?? "" });
    }
    static get permission() {
      return Real.permission;
    }
    static requestPermission() {
      return Real.requestPermission();
    }
    close() {}
  }
  Object.defineProperty(window, "Notification", { value: Recorded, configurable: true, writable: true });
}

async function agentContext(browser: Browser, baseURL: string, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await context.grantPermissions(["notifications"], { origin: new URL(baseURL).origin });
  await context.addInitScript(recordNotifications);
  await signInByApi(context.request, email, baseURL);
  return context;
}

async function openTab(context: BrowserContext, path = "/"): Promise<Page> {
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible({ timeout: 15_000 });
  return page;
}

const shown = (page: Page) => page.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown ?? []);
const mentionsButton = (page: Page): Locator => page.getByRole("banner").getByRole("button", { name: /^Mentions/ });
const expectUnread = async (page: Page, n: number) => {
  await expect(mentionsButton(page)).toHaveAccessibleName(n > 0 ? `Mentions, ${n} unread` : "Mentions");
  if (n > 0) await expect(page.getByTestId("mentions-badge")).toHaveText(String(n));
  else await expect(page.getByTestId("mentions-badge")).toHaveCount(0);
};
const memberId = async (context: BrowserContext, prefix: string) => {
  const { members } = (await (await context.request.get("/api/account/members")).json()) as { members: { id: string; name: string }[] };
  return members.find((m) => m.name.startsWith(prefix))!.id;
};
const newConversation = async (alice: BrowserContext) => {
  const text = unique("Mention me customer");
  const from = psid();
  await deliverFacebook(alice.request, { to: ACME.facebook.pageId, from, text });
  const res = await alice.request.get(`/api/conversations?status=all&q=${encodeURIComponent(text)}`);
  const { conversations } = (await res.json()) as { conversations: { id: string; contact: { name: string } }[] };
  expect(conversations).toHaveLength(1);
  return { ...conversations[0]!, from };
};
const mention = async (alice: BrowserContext, baseURL: string, conversationId: string, carolId: string, text: string) =>
  expect((await alice.request.post(`/api/conversations/${conversationId}/notes`, { data: { text, mentions: [carolId] }, headers: originHeader(baseURL) })).status()).toBe(201);
/** Carol starts with nothing unread (whatever earlier files left), through her own API. */
const readAllOf = async (context: BrowserContext, baseURL: string) =>
  expect((await context.request.post("/api/me/mentions/read", { data: { all: true }, headers: originHeader(baseURL) })).status()).toBe(200);

test("a mention made while Carol was away: the badge shows it when she signs in, the list opens the conversation and reads it; her other tab follows live; Bob sees nothing", async ({ browser, baseURL }) => {
  const alice = await agentContext(browser, baseURL!, "alice@acme.test");
  const before = await agentContext(browser, baseURL!, "carol@acme.test");
  await readAllOf(before, baseURL!);
  await before.close();
  const carolId = await memberId(alice, "Carol");
  const c = await newConversation(alice);
  const noteText = `@Carol Tran ${unique("please check the refund")}`;
  // Carol has no tab open anywhere: only the stored mention can tell her.
  await mention(alice, baseURL!, c.id, carolId, noteText);

  const carol = await agentContext(browser, baseURL!, "carol@acme.test");
  const tab = await openTab(carol);
  await expectUnread(tab, 1);
  const other = await openTab(carol);
  await expectUnread(other, 1);

  // Keyboard: the button opens a dialog whose first mention has focus; Escape gives focus back.
  await mentionsButton(tab).focus();
  await tab.keyboard.press("Enter");
  const dialog = tab.getByRole("dialog", { name: "Mentions" });
  await expect(dialog).toBeVisible();
  await expect(mentionsButton(tab)).toHaveAttribute("aria-expanded", "true");
  const item = dialog.getByRole("listitem").filter({ hasText: noteText }).getByRole("button");
  await expect(item).toBeFocused();
  await expect(item).toContainText(`Alice Nguyen in ${c.contact.name}`);
  await expect(item).toContainText("Unread:");
  // The open panel passes axe (WCAG 2.1 AA and best practices), as the rest of the inbox does.
  const axe = await new AxeBuilder({ page: tab }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(axe.violations.map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }))).toEqual([]);
  if (process.env.MENTIONS_SHOT) await tab.screenshot({ path: process.env.MENTIONS_SHOT });
  await tab.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(mentionsButton(tab)).toBeFocused();

  // Choosing it opens the conversation and reads the mention, here and in her other tab.
  await mentionsButton(tab).click();
  await item.click();
  await expect(dialog).toBeHidden();
  await expect(tab).toHaveURL(new RegExp(`[?&]c=${c.id}$`));
  await expect(tab.getByRole("region", { name: "Messages" }).getByRole("article", { name: "Private note" }).filter({ hasText: noteText })).toBeVisible();
  await expectUnread(tab, 0);
  await expectUnread(other, 0);

  // A new one bumps the badge in both tabs without a reload; "Mark all read" in one clears both.
  const second = `@Carol Tran ${unique("and this one")}`;
  await mention(alice, baseURL!, c.id, carolId, second);
  await expectUnread(tab, 1);
  await expectUnread(other, 1);
  await mentionsButton(other).click();
  const otherDialog = other.getByRole("dialog", { name: "Mentions" });
  const items = otherDialog.getByRole("listitem");
  await expect(items.first()).toContainText(second);
  await expect(items.nth(1)).toContainText(noteText);
  await expect(items.nth(1)).not.toContainText("Unread:");
  await otherDialog.getByRole("button", { name: "Mark all read" }).click();
  await expectUnread(other, 0);
  await expectUnread(tab, 0);

  // It survives a reload: listed, read.
  await tab.reload();
  await expect(tab.getByRole("status", { name: /Live updates: Live/ })).toBeVisible({ timeout: 15_000 });
  await expectUnread(tab, 0);
  await mentionsButton(tab).click();
  await expect(tab.getByRole("dialog", { name: "Mentions" }).getByRole("listitem").filter({ hasText: second })).toBeVisible();

  // Globex's Bob: nothing of Acme's.
  const bob = await agentContext(browser, baseURL!, "bob@globex.test");
  const bobTab = await openTab(bob);
  await expectUnread(bobTab, 0);
  await mentionsButton(bobTab).click();
  await expect(bobTab.getByRole("dialog", { name: "Mentions" })).not.toContainText(noteText);
  for (const x of [alice, carol, bob]) await x.close();
});

test("what arrived while Carol's tabs were offline notifies once (in one tab) when they are back: one mention as itself, a customer message in her conversation, several mentions as one summary", async ({ browser, baseURL }) => {
  const alice = await agentContext(browser, baseURL!, "alice@acme.test");
  const carol = await agentContext(browser, baseURL!, "carol@acme.test");
  await readAllOf(carol, baseURL!);
  expect((await carol.request.patch("/api/me/preferences", { data: { desktop: true, sound: false, newConversations: true, assigned: true, mentions: true }, headers: originHeader(baseURL) })).status()).toBe(200);
  const carolId = await memberId(alice, "Carol");
  const c = await newConversation(alice);
  expect((await alice.request.post(`/api/conversations/${c.id}/assignee`, { data: { assigneeId: carolId }, headers: originHeader(baseURL) })).status()).toBeLessThan(300);
  // Two tabs of hers: each event notifies in one of them only.
  const tab = await openTab(carol);
  const tabs = [tab, await openTab(carol)];
  // What the tabs showed after a mark (each tab's own list: a new one in the first tab comes before the second's old ones).
  const mark = async () => Promise.all(tabs.map(async (t) => (await shown(t)).length));
  const since = async (marks: number[]) => (await Promise.all(tabs.map(async (t, i) => (await shown(t)).slice(marks[i])))).flat();
  await expect(tab.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: c.contact.name })).toBeVisible();
  await tab.waitForTimeout(500);
  const start = await mark();

  await carol.setOffline(true);
  for (const t of tabs) await expect(t.getByRole("status", { name: /Live updates: Offline/ })).toBeVisible();
  const noteText = `@Carol Tran ${unique("while you were out")}`;
  await mention(alice, baseURL!, c.id, carolId, noteText);
  const said = unique("Hello again, anyone?");
  await deliverFacebook(alice.request, { to: ACME.facebook.pageId, from: c.from, text: said });
  await tab.waitForTimeout(500);
  expect(await since(start)).toEqual([]);

  await carol.setOffline(false);
  for (const t of tabs) await expect(t.getByRole("status", { name: /Live updates: Live/ })).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await since(start)).map((n) => n.title).sort()).toEqual(["Alice Nguyen mentioned you", `New message from ${c.contact.name}`].sort());
  const fresh = (await since(start));
  expect(fresh.find((n) => n.tag.startsWith("mention:"))!.body).toBe(noteText);
  expect(fresh.find((n) => n.tag.startsWith("message:"))!.body).toBe(said);
  await expectUnread(tab, 1);
  // However long one waits, no tab adds a second of either.
  await tab.waitForTimeout(1500);
  expect((await since(start))).toHaveLength(2);

  // Two mentions while away: one summary.
  const mid = await mark();
  await carol.setOffline(true);
  for (const t of tabs) await expect(t.getByRole("status", { name: /Live updates: Offline/ })).toBeVisible();
  await mention(alice, baseURL!, c.id, carolId, `@Carol Tran ${unique("one")}`);
  await mention(alice, baseURL!, c.id, carolId, `@Carol Tran ${unique("two")}`);
  await carol.setOffline(false);
  for (const t of tabs) await expect(t.getByRole("status", { name: /Live updates: Live/ })).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await since(mid))).toEqual([{ title: "2 mentions while you were away", body: "From Alice Nguyen", tag: expect.stringMatching(/^summary:mention:/) }]);
  await tab.waitForTimeout(1500);
  expect((await since(mid))).toHaveLength(1);
  for (const t of tabs) await expectUnread(t, 3);
  for (const x of [alice, carol]) await x.close();
});
