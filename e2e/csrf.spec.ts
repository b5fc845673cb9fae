import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ACME, GLOBEX, agentPage, deliverFacebook, platformCalls, psid, unique } from "./helpers";

type Conversation = { id: string; status: string; lastMessagePreview: string; contact: { name: string } };

/** A page on another port of the same host: same site as the app, so its SameSite=Lax cookie goes along. */
function attackerPage(app: string, conversationId: string, marker: string): string {
  const reply = `${app}/api/facebook/conversations/${conversationId}/messages`;
  const status = `${app}/api/conversations/${conversationId}/status`;
  // A text/plain form posts `name=value`: with this name and value the body is valid JSON.
  const jsonForm = (id: string, action: string, body: object) => {
    const name = JSON.stringify(body).slice(0, -1) + ',"x":"';
    return `<form id="${id}" method="POST" action="${action}" enctype="text/plain" target="${id}-sink"><input type="hidden" name='${name}' value='"}'></form><iframe name="${id}-sink"></iframe>`;
  };
  return `<!doctype html><html><body>
${jsonForm("reply-form", reply, { text: `${marker} form` })}
${jsonForm("status-form", status, { status: "resolved" })}
<script>
window.results = {};
async function attack() {
  document.getElementById("reply-form").submit();
  document.getElementById("status-form").submit();
  for (const [name, url, body] of [["reply", ${JSON.stringify(reply)}, ${JSON.stringify(JSON.stringify({ text: `${marker} fetch` }))}], ["status", ${JSON.stringify(status)}, '{"status":"resolved"}']]) {
    try {
      const res = await fetch(url, { method: "POST", mode: "no-cors", credentials: "include", body });
      window.results[name + "NoCors"] = res.type;
    } catch (e) { window.results[name + "NoCors"] = "error"; }
  }
  try {
    const res = await fetch(${JSON.stringify(`${app}/api/conversations?status=all`)}, { credentials: "include" });
    window.results.read = await res.text();
  } catch (e) { window.results.read = "blocked: " + e.name; }
  try {
    const res = await fetch(${JSON.stringify(`${app}/api/conversations?status=all`)}, { credentials: "include", mode: "no-cors" });
    window.results.readNoCors = res.type + ":" + (await res.text());
  } catch (e) { window.results.readNoCors = "blocked: " + e.name; }
  window.results.done = true;
}
</script></body></html>`;
}

test.describe("cross-site requests from a same-site page", () => {
  let server: Server;
  let attacker = "";
  let html = "";
  test.beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    attacker = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("a text/plain form with a JSON body and a no-cors fetch change nothing; the page reads nothing", async ({ browser, baseURL, request }) => {
    const app = new URL(baseURL!).origin;
    const alice = await agentPage(browser, baseURL!, "alice@acme.test");
    const marker = unique("CSRF");
    const customer = psid();
    await deliverFacebook(request, { to: ACME.facebook.pageId, from: customer, text: `${marker} inbound` });
    const listed = (await (await alice.context.request.get("/api/conversations?status=all")).json()) as { conversations: Conversation[] };
    const conversation = listed.conversations.find((c) => c.lastMessagePreview === `${marker} inbound`)!;
    expect(conversation.status).toBe("open");

    html = attackerPage(app, conversation.id, marker);
    const refused: { url: string; status: number; cookie: boolean }[] = [];
    alice.page.on("response", (res) => {
      if (res.request().method() !== "POST" || !res.url().startsWith(`${app}/api/`)) return;
      void res.request().allHeaders().then((h) => refused.push({ url: res.url(), status: res.status(), cookie: /next-auth\.session-token=/.test(h.cookie ?? "") }));
    });
    const page = alice.page;
    await page.goto(`${attacker}/attack`);
    await page.evaluate(() => (window as unknown as { attack: () => Promise<void> }).attack());
    await expect.poll(() => page.evaluate(() => (window as unknown as { results: { done?: boolean } }).results.done === true)).toBe(true);
    await expect.poll(() => refused.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);

    // Every forged POST reached the server with Alice's cookie (same site) and was refused.
    for (const r of refused) expect(r, r.url).toMatchObject({ status: 403 });
    expect(refused.some((r) => r.cookie)).toBe(true);
    const results = (await page.evaluate(() => (window as unknown as { results: Record<string, string> }).results)) as Record<string, string>;
    expect(results.replyNoCors).toBe("opaque");
    expect(results.read).toMatch(/^blocked/);
    expect(results.readNoCors).toBe("opaque:");
    expect(JSON.stringify(results)).not.toContain(marker);

    // Nothing changed: no send to the platform, no message, status still open.
    const calls = await platformCalls(request);
    expect(JSON.stringify(calls.calls)).not.toContain(marker);
    const after = (await (await alice.context.request.get("/api/conversations?status=all")).json()) as { conversations: Conversation[] };
    expect(after.conversations.find((c) => c.id === conversation.id)).toMatchObject({ status: "open", lastMessagePreview: `${marker} inbound` });
    const messages = (await (await alice.context.request.get(`/api/conversations/${conversation.id}/messages`)).json()) as { messages: { text: string }[] };
    expect(messages.messages.map((m) => m.text)).toEqual([`${marker} inbound`]);
    await alice.context.close();
  });
});

test("a member of two accounts switches from the account menu and lands in the other account", async ({ browser, baseURL }) => {
  const dave = await agentPage(browser, baseURL!, "dave@acme.test");
  const page = dave.page;
  const list = page.getByRole("navigation", { name: "Conversations" });
  const acmeContact = ACME.samples[0]!.name;
  const globexContact = GLOBEX.samples[0]!.name;
  await expect(page.getByRole("banner")).toContainText("Acme");
  await expect(list).toContainText(acmeContact);
  await page.getByRole("button", { name: "Account menu" }).click();
  const switchItem = page.getByRole("menuitem", { name: "Switch account", exact: true });
  await expect(switchItem).toHaveAttribute("aria-expanded", "false");
  await switchItem.click();
  await expect(switchItem).toHaveAttribute("aria-expanded", "true");
  // The other accounts, each a menu item named by the account (not the current one).
  const choices = page.getByRole("menu", { name: "Switch account" }).getByRole("menuitem");
  await expect(choices).toHaveCount(1);
  const globex = page.getByRole("menu", { name: "Switch account" }).getByRole("menuitem", { name: "Globex", exact: true });
  await expect(globex).toBeVisible();
  // The open account menu, with its submenu, is still valid ARIA (menuitems owned by menus).
  const axe = await new AxeBuilder({ page }).include(".user-menu").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await Promise.all([page.waitForEvent("load"), globex.click()]);
  await expect(page.getByRole("banner")).toContainText("Globex");
  await expect(list).toContainText(globexContact);
  await expect(list).not.toContainText(acmeContact);
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();
  const me = (await (await dave.context.request.get("/api/me")).json()) as { account: { name: string } };
  expect(me.account.name).toBe("Globex");
  await dave.context.close();
});

test("a single-account user has no Switch account item", async ({ browser, baseURL }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  await alice.page.getByRole("button", { name: "Account menu" }).click();
  await expect(alice.page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(alice.page.getByRole("menuitem", { name: "Switch account" })).toHaveCount(0);
  await alice.context.close();
});

test("after ten wrong passwords the login form says so (not 'Wrong email or password')", async ({ page }) => {
  const email = `locked-${Date.now()}@acme.test`;
  await page.goto("/login");
  // From the browser itself, so the guesses and the last try come from the same address.
  await page.evaluate(async (email) => {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    for (let i = 0; i < 10; i++) {
      await fetch("/api/auth/callback/credentials", { method: "POST", body: new URLSearchParams({ csrfToken, email, password: `guess-${i}`, json: "true" }) });
    }
  }, email);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("anything");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toHaveCount(0);
});
