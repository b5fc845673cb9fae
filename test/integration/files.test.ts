import { readdir } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { POST as upload } from "@/app/api/files/route";
import { GET as download } from "@/app/api/files/[fileId]/route";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import { sniffType } from "@/lib/files/sniff-type";
import type { FileDto } from "@/lib/shared/file-dto";
import { databaseKinds } from "../support/test-db";
import { call, useWorld } from "../support/world";

// A 1×1 PNG, a JPEG header, a PDF: real magic bytes, as a browser would upload them.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const HTML = Buffer.from("<!doctype html><script>alert(document.cookie)</script>");
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

const bytesHeaders = { "content-type": "application/octet-stream" };

describe("sniffType: the bytes decide, never the name", () => {
  test("known magic numbers", () => {
    expect(sniffType(PNG, "x.exe")).toEqual({ mime: "image/png", kind: "image" });
    expect(sniffType(PDF, "report")).toEqual({ mime: "application/pdf", kind: "file" });
    expect(sniffType(Buffer.from("hello, world\n"), "notes.txt")).toEqual({ mime: "text/plain", kind: "file" });
  });
  test("HTML, SVG and unknown binaries are not a known type, whatever their name", () => {
    expect(sniffType(HTML, "photo.png")).toBeNull();
    expect(sniffType(SVG, "logo.svg")).toBeNull();
    expect(sniffType(Buffer.from([0x4d, 0x5a, 0x90, 0x00]), "setup.pdf")).toBeNull();
  });
});

describe.each(databaseKinds())("Files on %s", (kind) => {
  const w = useWorld(kind);

  async function put(bytes: Buffer, name: string, cookie = w.alice.cookie, headers: Record<string, string | null> = bytesHeaders) {
    return call(upload, { path: `/api/files?name=${encodeURIComponent(name)}`, method: "POST", body: bytes, cookie, headers });
  }
  const get = (id: string, cookie = w.alice.cookie) => call(download, { path: `/api/files/${id}`, cookie, params: { fileId: id } });

  test("an agent uploads an image: 201, stored with its sniffed type, served back to the account byte for byte", async () => {
    const res = await put(PNG, "../../etc/shot.exe");
    expect(res.status).toBe(201);
    const { file } = (await res.json()) as { file: FileDto };
    expect(file).toMatchObject({ name: "shot.exe", mime: "image/png", kind: "image", size: PNG.length, url: `/api/files/${file.id}` });
    const row = await systemDb().storedFile.findUniqueOrThrow({ where: { id: file.id } });
    expect(row).toMatchObject({ accountId: w.alice.accountId, source: "upload", uploadedById: w.alice.userId });
    const served = await get(file.id, w.carol.cookie);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-disposition")).toMatch(/^inline; filename\*=UTF-8''shot\.exe$/);
    expect(served.headers.get("content-security-policy")).toContain("sandbox");
  });

  test("another account's file, a made-up id and no session: 404, 404, 401", async () => {
    const { file } = (await (await put(PDF, "invoice.pdf")).json()) as { file: FileDto };
    expect((await get(file.id, w.bob.cookie)).status).toBe(404);
    expect((await get("cnotarealfileid000000000000")).status).toBe(404);
    expect((await call(download, { path: `/api/files/${file.id}`, params: { fileId: file.id } })).status).toBe(401);
    // A PDF is a download, never rendered in the app's origin.
    expect((await get(file.id)).headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  test("HTML, SVG, an empty body and an oversized one are refused before anything is kept", async () => {
    const before = await systemDb().storedFile.count();
    const filesBefore = await countStoredFiles();
    for (const [bytes, name] of [[HTML, "x.png"], [SVG, "x.svg"]] as const) {
      const res = await put(bytes, name);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe("unsupported_type");
    }
    expect((await put(Buffer.alloc(0), "empty.txt")).status).toBe(400);
    const huge = Buffer.concat([PNG, Buffer.alloc(env().filesMaxBytes)]);
    expect((await put(huge, "huge.png")).status).toBe(413);
    expect(await systemDb().storedFile.count()).toBe(before);
    expect(await countStoredFiles()).toBe(filesBefore);
  });

  test("CSRF: a cross-site origin, a form's content type or JSON are refused; no file kept", async () => {
    const before = await systemDb().storedFile.count();
    expect((await put(PNG, "a.png", w.alice.cookie, { ...bytesHeaders, origin: "http://evil.example" })).status).toBe(403);
    expect((await put(PNG, "a.png", w.alice.cookie, { "content-type": "multipart/form-data; boundary=x" })).status).toBe(403);
    expect((await put(PNG, "a.png", w.alice.cookie, { "content-type": "text/plain" })).status).toBe(403);
    expect((await put(PNG, "a.png", w.alice.cookie, { "content-type": "application/json" })).status).toBe(403);
    expect((await put(PNG, "a.png", "")).status).toBe(401);
    expect(await systemDb().storedFile.count()).toBe(before);
  });
});

async function countStoredFiles(): Promise<number> {
  const dirs = await readdir(env().filesDir).catch(() => [] as string[]);
  let n = 0;
  for (const d of dirs) n += (await readdir(`${env().filesDir}/${d}`).catch(() => [] as string[])).length;
  return n;
}
