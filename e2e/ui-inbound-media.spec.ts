import { expect, test, type Page } from "@playwright/test";
import { signFacebookBody } from "../lib/channels/facebook/verify-signature";
import { ACME, APP_SECRET, FAKE_MEDIA, appOrigin, psid, signInByApi, unique } from "./helpers";

// Issue 15 in real Chromium: a thread whose message names hostile attachment URLs makes the
// agent's browser request nothing outside the app; the legitimate photo is shown from Inbox's
// own copy (/api/files/...), and still is once the platform's link has expired. A photo is shown
// as its thumbnail (?size=thumb, made by Inbox), its link opening the original.

const PAGE = ACME.facebook.pageId;
const messages = (page: Page) => page.getByRole("region", { name: "Messages" });

test("hostile attachment URLs: no request leaves the app's origin; the real photo shows from /api/files/ and outlives its link", async ({ browser, baseURL, request }) => {
  const origin = appOrigin(baseURL);
  const context = await browser.newContext({ baseURL });
  const requested: string[] = [];
  // Every request of every page of the context, from the first navigation on.
  context.on("request", (r) => requested.push(r.url()));
  await signInByApi(context.request, "alice@acme.test", baseURL);
  const page = await context.newPage();
  const csp = (await page.goto("/"))!.headers()["content-security-policy"] ?? "";
  // The browser itself refuses foreign images and media, whatever a bug might render.
  expect(csp).toContain("img-src 'self' data: blob:;");
  expect(csp).toContain("media-src 'self' blob:;");
  expect(csp).not.toMatch(/(img|media)-src[^;]*https?:/);
  await expect(page.getByRole("status", { name: /Live updates: Live/ })).toBeVisible();

  const from = psid();
  const token = `legit-${from}`;
  const text = unique("Photos attached");
  const hostile = [
    { type: "image", url: `${FAKE_MEDIA}/to-metadata.png` },
    { type: "image", url: `${FAKE_MEDIA}/to-private.png` },
    { type: "image", url: `${FAKE_MEDIA}/html-as.png` },
    { type: "image", url: "http://10.0.0.7/internal-http.png" },
    { type: "video", url: "https://tracker.example/pixel.mp4" },
    { type: "audio", url: "http://169.254.169.254/latest/meta-data/" },
    { type: "file", url: `${origin}/api/conversations` },
  ];
  const attachments = [{ type: "image", url: `${FAKE_MEDIA}/img/${token}.png` }, { type: "image", url: `${FAKE_MEDIA}/photo/${token}.jpg` }, ...hostile].map((a) => ({ type: a.type, payload: { url: a.url } }));
  const body = JSON.stringify({ object: "page", entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: from }, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid: `m_media_${from}`, text, attachments } }] }] });
  const res = await request.post("/webhooks/facebook", { data: body, headers: { "x-hub-signature-256": signFacebookBody(body, APP_SECRET), "content-type": "application/json" } });
  expect(res.status()).toBe(200);

  await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text }).first().click();
  const thread = messages(page);
  await expect(thread).toContainText(text);
  const images = thread.getByRole("img", { name: "Image from the customer" });
  await expect(images).toHaveCount(2);
  const image = images.first();
  await expect(image).toBeVisible();
  await expect(image).toHaveAttribute("src", /^\/api\/files\/[a-z0-9]+\?size=thumb$/);
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // The 1200×900 photo: the browser loaded the 480 px thumbnail, not the original; the link opens the original.
  const photo = images.nth(1);
  const photoSrc = (await photo.getAttribute("src"))!;
  expect(photoSrc).toMatch(/^\/api\/files\/[a-z0-9]+\?size=thumb$/);
  await photo.scrollIntoViewIfNeeded();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBe(480);
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(360);
  await expect(thread.locator(`a[href="${photoSrc.replace("?size=thumb", "")}"]`)).toHaveCount(1);
  expect(requested).toContain(`${origin}${photoSrc}`);
  expect(requested).not.toContain(`${origin}${photoSrc.replace("?size=thumb", "")}`);
  await expect(thread.getByText("Attachment unavailable")).toHaveCount(hostile.length);

  // Nothing but the app: no platform CDN, no internal address, no tracker.
  const foreign = requested.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin);
  expect(foreign).toEqual([]);
  expect(requested.some((u) => u.startsWith(`${origin}/api/files/`))).toBe(true);

  // The platform's link expires; the thread still shows Inbox's copy.
  expect((await request.post(`${FAKE_MEDIA}/__expire/${token}`)).status()).toBe(204);
  expect((await request.get(`${FAKE_MEDIA}/img/${token}.png`).catch(() => null))?.status() ?? 0).not.toBe(200);
  await page.reload();
  await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text }).first().click();
  const again = messages(page).getByRole("img", { name: "Image from the customer" }).first();
  await expect(again).toBeVisible();
  await expect.poll(() => again.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  expect(requested.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin)).toEqual([]);
  await context.close();
});
