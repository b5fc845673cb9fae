import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { ACME, agentPage, deliverFacebook, deliverZalo, platformCalls, psid, unique } from "./helpers";

// Real magic bytes: the server keeps only what the bytes say they are.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

type Part = { name: string; value: string | { filename: string; type: string; size: number; sha256: string } };
type Call = { path: string; method: string; body: unknown; form?: Part[]; headers: Record<string, string> };

async function calls(request: Parameters<typeof platformCalls>[0]) {
  const { calls, violations } = await platformCalls(request);
  return { calls: calls as unknown as Call[], violations };
}

async function open(page: Page, text: string) {
  await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").filter({ hasText: text }).click();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeEnabled();
}

/** Drops a file on the composer as a browser would: a DataTransfer carrying it, dragover then drop. */
async function dropFile(page: Page, file: { name: string; mime: string; bytes: Buffer }) {
  const transfer = await page.evaluateHandle(({ name, mime, b64 }) => {
    const dt = new DataTransfer();
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], name, { type: mime }));
    return dt;
  }, { name: file.name, mime: file.mime, b64: file.bytes.toString("base64") });
  const composer = page.locator("form.composer");
  await composer.dispatchEvent("dragenter", { dataTransfer: transfer });
  await composer.dispatchEvent("dragover", { dataTransfer: transfer });
  await composer.dispatchEvent("drop", { dataTransfer: transfer });
}

test("Facebook: an image chosen with Attach file goes up with the Send API and shows in the thread from the app's own URL", async ({ browser, baseURL, request }) => {
  const { context, page } = await agentPage(browser, baseURL!, "alice@acme.test");
  const from = psid();
  const text = unique("Do you have it in red");
  await deliverFacebook(request, { to: ACME.facebook.pageId, from, text });
  await open(page, text);

  await expect(page.getByRole("button", { name: "Attach file" })).toBeEnabled();
  await page.locator('form.composer input[type="file"]').setInputFiles({ name: "red-shirt.png", mimeType: "image/png", buffer: PNG });
  const chosen = page.getByRole("list", { name: "Attachments" });
  await expect(chosen.getByRole("listitem")).toHaveText(/red-shirt\.png\s*1 KB/);
  const reply = unique("Here it is");
  await page.getByRole("textbox", { name: "Message" }).fill(reply);
  await page.getByRole("button", { name: "Send" }).click();

  const thread = page.getByRole("region", { name: "Messages" });
  await expect(thread.getByRole("article", { name: "Agent message" }).filter({ hasText: reply })).toContainText("Sent");
  const image = thread.getByRole("img", { name: "red-shirt.png" });
  await expect(image).toBeVisible();
  // Its thumbnail URL (a 1 KB PNG has none: the original is served there).
  await expect(image).toHaveAttribute("src", /^\/api\/files\/[a-z0-9]+\?size=thumb$/);
  // Served to this member from the app itself, and it really decodes.
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await expect(chosen).toHaveCount(0);

  const { calls: all, violations } = await calls(request);
  const upload = all.find((c) => c.form && JSON.stringify(c.body ?? null).includes(from));
  expect(upload?.path).toBe(`/${ACME.facebook.pageId}/messages`);
  const filedata = upload!.form!.find((p) => p.name === "filedata")!.value;
  expect(filedata).toMatchObject({ filename: "red-shirt.png", type: "image/png", sha256: sha(PNG) });
  expect(JSON.parse(upload!.form!.find((p) => p.name === "message")!.value as string)).toEqual({ attachment: { type: "image", payload: { is_reusable: false } } });
  expect(violations).toEqual([]);
  await context.close();
});

test("Zalo: a PDF dropped on the composer goes up through /upload/file and out as a file message; an image over Zalo's 1 MB is refused before upload", async ({ browser, baseURL, request }) => {
  const { context, page } = await agentPage(browser, baseURL!, "alice@acme.test");
  const from = `84${Date.now()}`.slice(0, 16);
  const text = unique("Cho mình xin báo giá");
  await deliverZalo(request, { to: ACME.zalo.oaId, from, text });
  await open(page, text);

  // Checked in the browser against Zalo's limits: nothing is uploaded.
  const before = (await calls(request)).calls.length;
  await page.locator('form.composer input[type="file"]').setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]) });
  await expect(page.getByRole("alert").filter({ hasText: "Not attached" })).toContainText("huge.png: Zalo accepts jpg and png images up to 1 MB");
  await expect(page.getByRole("list", { name: "Attachments" })).toHaveCount(0);

  await dropFile(page, { name: "bao-gia.pdf", mime: "application/pdf", bytes: PDF });
  await expect(page.getByRole("list", { name: "Attachments" }).getByRole("listitem")).toHaveText(/bao-gia\.pdf/);
  await page.getByRole("button", { name: "Send" }).click();

  const thread = page.getByRole("region", { name: "Messages" });
  const link = thread.getByRole("link", { name: /bao-gia\.pdf/ });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute("href", /^\/api\/files\/[a-z0-9]+$/);
  await expect(thread.getByRole("article", { name: "Agent message" }).filter({ has: page.getByRole("link", { name: /bao-gia\.pdf/ }) })).toContainText("Sent");

  const { calls: all, violations } = await calls(request);
  const mine = all.slice(before).filter((c) => c.method === "POST" && (c.path.startsWith("/v2.0/oa/upload/") || c.path === "/v3.0/oa/message/cs"));
  expect(mine.map((c) => c.path)).toEqual(["/v2.0/oa/upload/file", "/v3.0/oa/message/cs"]);
  expect(mine[0]!.form!.map((p) => p.name)).toEqual(["file"]);
  expect(mine[0]!.form![0]!.value).toMatchObject({ filename: "bao-gia.pdf", type: "application/pdf", sha256: sha(PDF) });
  expect(mine[1]!.body).toEqual({ recipient: { user_id: from }, message: { attachment: { type: "file", payload: { token: expect.any(String) } } } });
  expect(violations).toEqual([]);

  // A private note carries no files.
  await page.getByRole("button", { name: "Private note" }).click();
  await expect(page.getByRole("button", { name: "Attach file" })).toBeDisabled();
  await context.close();
});
