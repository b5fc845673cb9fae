import { expect, test, type APIRequestContext } from "@playwright/test";
import { signFacebookBody } from "../lib/channels/facebook/verify-signature";
import { ACME, APP_SECRET, agentPage, openBySearch, psid, unique } from "./helpers";

const PAGE = ACME.facebook.pageId;

/** One signed Messenger delivery of several items, as Meta sends them. */
async function deliver(request: APIRequestContext, items: object[]) {
  const body = JSON.stringify({ object: "page", entry: [{ id: PAGE, time: Date.now(), messaging: items }] });
  const res = await request.post("/webhooks/facebook", { data: body, headers: { "x-hub-signature-256": signFacebookBody(body, APP_SECRET), "content-type": "application/json" } });
  expect(res.status()).toBe(200);
}

test("an edit, a reaction and a location arrive live: the thread says edited, shows the reaction and links the map", async ({ browser, baseURL, request }) => {
  const alice = await agentPage(browser, baseURL!, "alice@acme.test");
  const from = psid();
  const question = unique("Do you deliver on Sundays");
  const tag = from.slice(-6);
  const t = Date.now() - 60_000;
  await deliver(request, [
    { sender: { id: from }, recipient: { id: PAGE }, timestamp: t, message: { mid: `m_kinds_q_${tag}`, text: question } },
    { sender: { id: PAGE }, recipient: { id: from }, timestamp: t + 1000, message: { mid: `m_kinds_a_${tag}`, text: "Yes, every day", is_echo: true } },
  ]);
  await openBySearch(alice.page, question, "Yes, every day");
  const thread = alice.page.getByRole("region", { name: "Messages" });
  await expect(thread).toContainText(question);

  // While the thread is open: the customer edits their question, reacts to the answer and shares where they are.
  const edited = question.replace("Sundays", "Saturdays");
  await deliver(request, [
    { sender: { id: from }, recipient: { id: PAGE }, timestamp: t + 2000, message_edit: { mid: `m_kinds_q_${tag}`, text: edited, num_edit: 1 } },
    { sender: { id: from }, recipient: { id: PAGE }, timestamp: t + 3000, reaction: { reaction: "love", emoji: "❤️", action: "react", mid: `m_kinds_a_${tag}` } },
    {
      sender: { id: from },
      recipient: { id: PAGE },
      timestamp: t + 4000,
      message: { mid: `m_kinds_loc_${tag}`, attachments: [{ type: "location", title: "Pinned Location", payload: { coordinates: { lat: 10.7769, long: 106.7009 } } }] },
    },
  ]);

  const asked = thread.getByRole("article").filter({ hasText: edited });
  await expect(asked).toBeVisible();
  await expect(asked.getByText("edited", { exact: true })).toBeVisible();
  await expect(thread).not.toContainText(question);

  const answer = thread.getByRole("article").filter({ hasText: "Yes, every day" });
  await expect(answer.getByRole("list", { name: "Reactions" }).getByRole("listitem", { name: "❤️ from the customer" })).toBeVisible();

  const map = thread.getByRole("link", { name: /Pinned Location/ });
  await expect(map).toBeVisible();
  await expect(map).toHaveAttribute("href", "https://www.google.com/maps?q=10.7769,106.7009");

  // The same after a reload (from the API, not only the live events).
  await alice.page.reload();
  // The link (?c=) reopens it; the list is searched too, as the row may be far down a long list.
  await openBySearch(alice.page, edited, `Facebook user ${from.slice(-4)}`);
  await expect(thread.getByRole("article").filter({ hasText: edited }).getByText("edited", { exact: true })).toBeVisible();
  await expect(thread.getByRole("listitem", { name: "❤️ from the customer" })).toBeVisible();
  await expect(thread.getByRole("link", { name: /Pinned Location/ })).toHaveAttribute("href", "https://www.google.com/maps?q=10.7769,106.7009");
  await alice.context.close();
});
