import { expect, test, type Page } from "@playwright/test";
import { ACME, agentPage, deliverFacebook, openBySearch, originHeader, psid, unique } from "./helpers";

const composer = (p: Page) => p.getByRole("textbox", { name: "Message" });

test("an admin manages canned replies in Settings; an agent inserts one with /shortcut from the keyboard; Globex sees none", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const carol = await agentPage(browser, baseURL!, "carol@acme.test");
  const bob = await agentPage(browser, baseURL!, "bob@globex.test");
  const tag = unique("t").split(" ")[1]!;
  const shortcut = `thanks${tag}`;

  // Settings → Canned replies, through the settings nav.
  await alice.page.goto("/settings/team");
  await alice.page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Canned replies" }).click();
  await expect(alice.page.getByRole("heading", { level: 1, name: "Canned replies" })).toBeVisible();
  const add = alice.page.getByRole("region", { name: "Add a canned reply" });
  await add.getByLabel("Shortcut").fill(shortcut);
  await add.getByLabel("Text").fill(`Thanks {{contact.name}}, this is {{agent.name}} (${tag}).`);
  await add.getByRole("button", { name: "Add canned reply" }).click();
  const saved = alice.page.getByRole("list", { name: "Canned replies" }).getByRole("listitem", { name: `/${shortcut}` });
  await expect(saved).toContainText(`Thanks {{contact.name}}, this is {{agent.name}} (${tag}).`);

  // Carol (agent) uses it in a conversation.
  const text = unique("Where is my order");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await openBySearch(carol.page, text);
  await composer(carol.page).click();
  await composer(carol.page).pressSequentially(`/thanks${tag.slice(0, 3)}`);
  const list = carol.page.getByRole("listbox", { name: "Canned replies" });
  await expect(list.getByRole("option", { name: new RegExp(`/${shortcut}`) })).toBeVisible();
  await expect(composer(carol.page)).toHaveAttribute("aria-controls", (await list.getAttribute("id"))!);
  // Escape closes it; the typed text stays.
  await composer(carol.page).press("Escape");
  await expect(list).toHaveCount(0);
  await expect(composer(carol.page)).toHaveValue(`/thanks${tag.slice(0, 3)}`);
  // Typing on opens it again (a new word), and filtering by the text works too.
  await composer(carol.page).fill("");
  await composer(carol.page).pressSequentially(`Hi /${tag}`);
  const option = list.getByRole("option", { name: new RegExp(`/${shortcut}`) });
  await expect(option).toHaveAttribute("aria-selected", "true");
  await composer(carol.page).press("Enter");
  await expect(list).toHaveCount(0);
  // Placeholders filled: the contact (the fake platform's profile, or the id) and the agent.
  await expect(composer(carol.page)).toHaveValue(new RegExp(`^Hi Thanks .+, this is Carol[^()]* \\(${tag}\\)\\.$`));
  await expect(composer(carol.page)).not.toHaveValue(/\{\{/);

  // Live: Alice edits it; Carol's next list shows the new text without a reload.
  await saved.getByRole("button", { name: `Edit /${shortcut}` }).click();
  await saved.getByLabel("Text").fill(`Edited answer ${tag}`);
  await saved.getByRole("button", { name: "Save" }).click();
  await expect(alice.page.getByRole("list", { name: "Canned replies" }).getByRole("listitem", { name: `/${shortcut}` })).toContainText(`Edited answer ${tag}`);
  await composer(carol.page).fill("");
  await composer(carol.page).pressSequentially(`/${shortcut}`);
  await expect(list.getByRole("option", { name: new RegExp(`/${shortcut}`) })).toContainText(`Edited answer ${tag}`);
  await composer(carol.page).press("Tab");
  await expect(composer(carol.page)).toHaveValue(`Edited answer ${tag}`);

  // Carol cannot manage them: the page is not there for her and the API says 403.
  expect((await carol.page.goto("/settings/canned"))?.status()).toBe(404);
  const write = await carol.context.request.post("/api/canned-replies", { data: { shortcut: `carol${tag}`, text: "x" }, headers: originHeader(baseURL) });
  expect(write.status()).toBe(403);

  // Bob (Globex) sees none of Acme's.
  await bob.page.getByRole("navigation", { name: "Conversations" }).getByRole("link").first().click();
  await composer(bob.page).click();
  await composer(bob.page).pressSequentially(`/${shortcut}`);
  const bobBox = bob.page.getByRole("listbox", { name: "Canned replies" });
  await expect(bobBox).toBeVisible();
  await expect(bobBox.getByRole("option")).toHaveCount(0);
  await expect(bob.page.getByText(`No canned reply matches /${shortcut}`)).toBeVisible();
  const bobList = (await (await bob.context.request.get("/api/canned-replies")).json()) as { cannedReplies: { shortcut: string }[] };
  expect(bobList.cannedReplies.some((c) => c.shortcut === shortcut)).toBe(false);

  // Deleted: gone from the settings list.
  alice.page.once("dialog", (d) => void d.accept());
  await alice.page.getByRole("list", { name: "Canned replies" }).getByRole("listitem", { name: `/${shortcut}` }).getByRole("button", { name: `Delete /${shortcut}` }).click();
  await expect(alice.page.getByRole("listitem", { name: `/${shortcut}` })).toHaveCount(0);
  for (const p of [alice, carol, bob]) await p.context.close();
});

test("@mention in a private note: a teammate from the list, sent as { text, mentions } with their id", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const text = unique("Needs a colleague");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await openBySearch(alice.page, text);
  const members = (await (await alice.context.request.get("/api/account/members")).json()) as { members: { id: string; name: string }[] };
  const carol = members.members.find((m) => m.name.startsWith("Carol"))!;

  // In reply mode, @ is just a character.
  await composer(alice.page).click();
  await composer(alice.page).pressSequentially("@Car");
  await expect(alice.page.getByRole("listbox")).toHaveCount(0);
  await composer(alice.page).fill("");

  await alice.page.getByRole("button", { name: "Private note" }).click();
  await composer(alice.page).pressSequentially("Please look @car");
  const list = alice.page.getByRole("listbox", { name: "Mention a teammate" });
  await expect(list.getByRole("option", { name: new RegExp(carol.name) })).toHaveAttribute("aria-selected", "true");
  await composer(alice.page).press("ArrowDown");
  await composer(alice.page).press("ArrowUp");
  await composer(alice.page).press("Enter");
  await expect(composer(alice.page)).toHaveValue(`Please look @${carol.name} `);
  await composer(alice.page).pressSequentially("thanks");
  const sent = alice.page.waitForRequest((r) => r.url().endsWith("/notes") && r.method() === "POST");
  await composer(alice.page).press("Enter");
  const body = (await sent).postDataJSON() as { text: string; mentions: string[] };
  expect(body).toEqual({ text: `Please look @${carol.name} thanks`, mentions: [carol.id] });
  await expect(alice.page.getByRole("region", { name: "Messages" }).getByRole("article", { name: "Private note" }).filter({ hasText: `@${carol.name} thanks` })).toBeVisible();
  await alice.context.close();
});

test("keyboard shortcuts: N writes a note, R a reply, E resolves and reopens; none fires while typing", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const text = unique("Shortcut customer");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from: psid(), text });
  await openBySearch(alice.page, text);
  const page = alice.page;
  await expect(page.getByRole("navigation", { name: "Conversations" })).toContainText("R reply · N note · E resolve / reopen");
  await page.getByRole("region", { name: "Messages" }).click();
  await page.keyboard.press("n");
  await expect(page.getByRole("button", { name: "Private note" })).toHaveAttribute("aria-pressed", "true");
  await expect(composer(page)).toBeFocused();
  // Typing "e" and "r" in the box is text, not a shortcut.
  await page.keyboard.type("here");
  await expect(composer(page)).toHaveValue("here");
  await expect(page.getByRole("button", { name: "Resolve" })).toBeVisible();
  await composer(page).fill("");
  await page.getByRole("region", { name: "Messages" }).click();
  await page.keyboard.press("r");
  await expect(page.getByRole("button", { name: "Private note" })).toHaveAttribute("aria-pressed", "false");
  await expect(composer(page)).toBeFocused();
  await page.getByRole("region", { name: "Messages" }).click();
  await page.keyboard.press("e");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
  await page.keyboard.press("e");
  await expect(page.getByRole("button", { name: "Resolve" })).toBeVisible();
  await alice.context.close();
});
