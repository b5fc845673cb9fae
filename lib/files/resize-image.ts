import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { imageInfo } from "./image-info";

/**
 * The thumbnail itself, synchronous and pure JavaScript (jpeg-js, pngjs: no native binary). It is
 * CPU-bound for seconds on big photos, so the app runs it in a worker thread
 * (lib/files/make-thumbnail.ts); tests call it directly. Relative imports only (the worker loads it).
 */
export type ThumbnailSpec = {
  /** Longest side of the thumbnail, in pixels; an image no bigger is left as it is. */
  maxSide: number;
  /** JPEG quality, 1–100. */
  quality: number;
  /** Width × height above which the image is not decoded at all (a decompression bomb). */
  maxPixels: number;
};

export type Thumbnail = { bytes: Buffer; mime: "image/jpeg" | "image/png"; width: number; height: number };
/** Why there is no thumbnail: the original is then shown as it is. */
export type ThumbnailRefusal = "not_resizable" | "small_enough" | "too_many_pixels" | "corrupt" | "timeout" | "busy" | "failed";
export type ThumbnailResult = ({ ok: true } & Thumbnail) | { ok: false; reason: ThumbnailRefusal; detail?: string };

export const THUMBNAIL_SPEC: ThumbnailSpec = { maxSide: 480, quality: 75, maxPixels: 40_000_000 };

type Rgba = { width: number; height: number; data: Uint8Array; alpha: boolean };

/** Never throws: a file that does not decode is a refusal like any other. */
export function resizeImage(bytes: Uint8Array, spec: ThumbnailSpec = THUMBNAIL_SPEC): ThumbnailResult {
  const info = imageInfo(bytes);
  // GIF (maybe animated) and WebP have no pure-JS codec here: the thread shows the original, size-capped.
  if (!info || (info.format !== "jpeg" && info.format !== "png")) return { ok: false, reason: "not_resizable" };
  if (info.width * info.height > spec.maxPixels) return { ok: false, reason: "too_many_pixels", detail: `${info.width}×${info.height}` };
  if (Math.max(info.width, info.height) <= spec.maxSide) return { ok: false, reason: "small_enough" };
  let source: Rgba;
  try {
    source = info.format === "jpeg" ? decodeJpeg(bytes, spec) : decodePng(bytes);
  } catch (err) {
    return { ok: false, reason: "corrupt", detail: (err as Error).message };
  }
  // The header is what was checked: a body that disagrees is not trusted.
  if (source.width !== info.width || source.height !== info.height) return { ok: false, reason: "corrupt", detail: "size differs from the header" };
  const scale = spec.maxSide / Math.max(source.width, source.height);
  const small = orient(shrink(source, Math.max(1, Math.round(source.width * scale)), Math.max(1, Math.round(source.height * scale))), info.orientation);
  if (small.alpha) {
    const png = new PNG({ width: small.width, height: small.height });
    png.data = Buffer.from(small.data.buffer, small.data.byteOffset, small.data.byteLength);
    return { ok: true, bytes: PNG.sync.write(png), mime: "image/png", width: small.width, height: small.height };
  }
  const out = jpeg.encode({ data: small.data, width: small.width, height: small.height }, spec.quality);
  return { ok: true, bytes: Buffer.from(out.data), mime: "image/jpeg", width: small.width, height: small.height };
}

function decodeJpeg(bytes: Uint8Array, spec: ThumbnailSpec): Rgba {
  // jpeg-js's own limits too, in case a frame header lies past the first one.
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: spec.maxPixels / 1e6, maxMemoryUsageInMB: 1024, tolerantDecoding: true });
  return { width: img.width, height: img.height, data: img.data, alpha: false };
}

function decodePng(bytes: Uint8Array): Rgba {
  const img = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const data = img.data;
  let alpha = false;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i]! < 255) {
      alpha = true;
      break;
    }
  }
  return { width: img.width, height: img.height, data, alpha };
}

/**
 * Area averaging: each thumbnail pixel is the mean of the source pixels it covers (colour weighted
 * by alpha, so transparent edges do not darken). One pass over the source.
 */
function shrink(src: Rgba, width: number, height: number): Rgba {
  const out = new Uint8Array(width * height * 4);
  const xFrom = new Int32Array(width + 1);
  for (let x = 0; x <= width; x++) xFrom[x] = Math.min(src.width, Math.floor((x * src.width) / width));
  const s = src.data;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * src.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * src.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = xFrom[x]!;
      const x1 = Math.max(x0 + 1, xFrom[x + 1]!);
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let n = 0;
      for (let sy = y0; sy < y1; sy++) {
        let i = (sy * src.width + x0) * 4;
        for (let sx = x0; sx < x1; sx++, i += 4) {
          const w = src.alpha ? s[i + 3]! : 255;
          r += s[i]! * w;
          g += s[i + 1]! * w;
          b += s[i + 2]! * w;
          a += w;
          n++;
        }
      }
      const o = (y * width + x) * 4;
      out[o] = a ? Math.round(r / a) : 0;
      out[o + 1] = a ? Math.round(g / a) : 0;
      out[o + 2] = a ? Math.round(b / a) : 0;
      out[o + 3] = Math.round(a / n);
    }
  }
  return { width, height, data: out, alpha: src.alpha };
}

/** Applies the EXIF orientation, as browsers do when they show the original. */
function orient(img: Rgba, orientation: number): Rgba {
  if (orientation <= 1 || orientation > 8) return img;
  const { width: w, height: h } = img;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      // Where (x, y) of the upright image is in the stored one.
      const [sx, sy] = ({
        2: [w - 1 - x, y],
        3: [w - 1 - x, h - 1 - y],
        4: [x, h - 1 - y],
        5: [y, x],
        6: [y, h - 1 - x],
        7: [w - 1 - y, h - 1 - x],
        8: [w - 1 - y, x],
      } as Record<number, [number, number]>)[orientation]!;
      const si = (sy * w + sx) * 4;
      const oi = (y * ow + x) * 4;
      out[oi] = img.data[si]!;
      out[oi + 1] = img.data[si + 1]!;
      out[oi + 2] = img.data[si + 2]!;
      out[oi + 3] = img.data[si + 3]!;
    }
  }
  return { width: ow, height: oh, data: out, alpha: img.alpha };
}
