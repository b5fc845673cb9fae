import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { describe, expect, test } from "vitest";
import { imageInfo } from "@/lib/files/image-info";
import { makeThumbnail, THUMBNAIL_OPTIONS } from "@/lib/files/make-thumbnail";
import { resizeImage, THUMBNAIL_SPEC } from "@/lib/files/resize-image";
import { sniffType } from "@/lib/files/sniff-type";
import { ALPHA_PNG, AVATAR_JPEG, BOMB_PNG, CORRUPT_JPEG, PHOTO_JPEG } from "@/test/support/fake-media-host";

const GIF = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

/** The same photo with an EXIF APP1 segment saying "rotate 90° clockwise to show" (orientation 6), as phones write it. */
function withOrientation(jpegBytes: Buffer, orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpegBytes.subarray(0, 2), app1, payload, jpegBytes.subarray(2)]);
}

describe("resizeImage (pure JS, in-process)", () => {
  test("a 1200×900 photo: a 480×360 JPEG (longest side 480, aspect ratio kept) that decodes", () => {
    const r = resizeImage(PHOTO_JPEG);
    if (!r.ok) throw new Error(r.reason);
    expect([r.mime, r.width, r.height]).toEqual(["image/jpeg", 480, 360]);
    expect(sniffType(r.bytes, "x")?.mime).toBe("image/jpeg");
    const back = jpeg.decode(r.bytes);
    expect([back.width, back.height]).toEqual([480, 360]);
    // Colours survive the averaging: the photo's left edge is dark red-free, its right edge red.
    expect(back.data[(180 * 480 + 470) * 4]!).toBeGreaterThan(200);
    expect(back.data[(180 * 480 + 5) * 4]!).toBeLessThan(30);
  });

  test("EXIF orientation is applied, as browsers show the original: a sideways-stored photo gives an upright 360×480", () => {
    const rotated = withOrientation(PHOTO_JPEG, 6);
    expect(imageInfo(rotated)).toEqual({ format: "jpeg", width: 1200, height: 900, orientation: 6 });
    const r = resizeImage(rotated);
    if (!r.ok) throw new Error(r.reason);
    expect([r.width, r.height]).toEqual([360, 480]);
    // Rotated clockwise: the stored image's left edge (dark) is now the top.
    const back = jpeg.decode(r.bytes);
    expect(back.data[(5 * 360 + 180) * 4]!).toBeLessThan(30);
    expect(back.data[(474 * 360 + 180) * 4]!).toBeGreaterThan(200);
  });

  test("a PNG with transparency stays a PNG, its alpha kept", () => {
    const r = resizeImage(ALPHA_PNG);
    if (!r.ok) throw new Error(r.reason);
    expect([r.mime, r.width, r.height]).toEqual(["image/png", 480, 360]);
    const back = PNG.sync.read(r.bytes);
    expect(back.data[(100 * 480 + 10) * 4 + 3]).toBe(0);
    expect(back.data[(100 * 480 + 470) * 4 + 3]).toBe(255);
  });

  test("a decompression bomb (a 141-byte PNG declaring 30000×30000) is refused from its header, before any decode", () => {
    expect(BOMB_PNG.length).toBeLessThan(1000);
    const started = performance.now();
    expect(resizeImage(BOMB_PNG)).toMatchObject({ ok: false, reason: "too_many_pixels", detail: "30000×30000" });
    expect(performance.now() - started).toBeLessThan(50);
    // The budget is the spec's: just over it is refused, at it is decoded.
    expect(resizeImage(PHOTO_JPEG, { ...THUMBNAIL_SPEC, maxPixels: 1200 * 900 - 1 })).toMatchObject({ ok: false, reason: "too_many_pixels" });
    expect(resizeImage(PHOTO_JPEG, { ...THUMBNAIL_SPEC, maxPixels: 1200 * 900 })).toMatchObject({ ok: true });
  });

  test("corrupt and truncated bytes are refused, never thrown", () => {
    expect(resizeImage(CORRUPT_JPEG)).toMatchObject({ ok: false, reason: "corrupt" });
    expect(resizeImage(PHOTO_JPEG.subarray(0, 3000))).toMatchObject({ ok: false, reason: "corrupt" });
    const badPng = Buffer.from(ALPHA_PNG);
    badPng.fill(7, 60, 400);
    expect(resizeImage(badPng)).toMatchObject({ ok: false, reason: "corrupt" });
    expect(resizeImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toMatchObject({ ok: false, reason: "not_resizable" });
  });

  test("small images, GIFs and non-images get none (the original is shown)", () => {
    expect(resizeImage(AVATAR_JPEG)).toMatchObject({ ok: false, reason: "small_enough" });
    expect(resizeImage(GIF)).toMatchObject({ ok: false, reason: "not_resizable" });
    expect(resizeImage(Buffer.from("%PDF-1.4\n"))).toMatchObject({ ok: false, reason: "not_resizable" });
  });
});

describe("makeThumbnail (the worker thread)", () => {
  test("makes the same thumbnail off the main thread, which keeps ticking meanwhile", async () => {
    const big = Buffer.from(jpeg.encode({ data: Buffer.alloc(2400 * 1800 * 4, 128), width: 2400, height: 1800 }, 80).data);
    let last = performance.now();
    let worstGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    const [r, again] = await Promise.all([makeThumbnail(big), makeThumbnail(PHOTO_JPEG)]);
    const took = performance.now() - started;
    clearInterval(ticker);
    if (!r.ok || !again.ok) throw new Error("no thumbnail");
    expect([r.width, r.height, again.width, again.height]).toEqual([480, 360, 480, 360]);
    expect(Buffer.isBuffer(r.bytes) && sniffType(r.bytes, "x")?.mime === "image/jpeg").toBe(true);
    // A 4.3 MP decode takes seconds here; the event loop never waited for it.
    expect(worstGap).toBeLessThan(Math.max(250, took / 4));
  });

  test("over its time budget the worker is ended: a timeout, and the next image is thumbnailed by a fresh worker", async () => {
    expect(await makeThumbnail(PHOTO_JPEG, { ...THUMBNAIL_OPTIONS, timeoutMs: 5 })).toMatchObject({ ok: false, reason: "timeout" });
    expect(await makeThumbnail(PHOTO_JPEG)).toMatchObject({ ok: true, width: 480 });
  });

  test("the bomb and corrupt bytes: refused without a throw", async () => {
    expect(await makeThumbnail(BOMB_PNG)).toMatchObject({ ok: false, reason: "too_many_pixels" });
    expect(await makeThumbnail(CORRUPT_JPEG)).toMatchObject({ ok: false, reason: "corrupt" });
  });
});
