/**
 * What an image's header says, read without decoding anything: its format, its size and, for a
 * JPEG, the EXIF orientation. Lets the thumbnailer refuse a decompression bomb (a small file that
 * declares a huge canvas) before a single pixel is allocated. Imported by the thumbnail worker:
 * relative imports only.
 */
export type ImageInfo = {
  format: "jpeg" | "png" | "gif" | "webp";
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1: as stored); JPEG only, else 1. */
  orientation: number;
};

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const le16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const be32 = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** null when the bytes are not one of the four image formats or their header is cut short or nonsense. */
export function imageInfo(b: Uint8Array): ImageInfo | null {
  const info = read(b);
  return info && info.width > 0 && info.height > 0 ? info : null;
}

function read(b: Uint8Array): ImageInfo | null {
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 4) === "PNG" && ascii(b, 12, 16) === "IHDR") {
    return { format: "png", width: be32(b, 16), height: be32(b, 20), orientation: 1 };
  }
  if (b.length >= 10 && ascii(b, 0, 4) === "GIF8") return { format: "gif", width: le16(b, 6), height: le16(b, 8), orientation: 1 };
  if (b.length >= 30 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return webp(b);
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpeg(b);
  return null;
}

function webp(b: Uint8Array): ImageInfo | null {
  const chunk = ascii(b, 12, 16);
  const u24 = (i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
  if (chunk === "VP8X") return { format: "webp", width: u24(24) + 1, height: u24(27) + 1, orientation: 1 };
  if (chunk === "VP8 ") return { format: "webp", width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff, orientation: 1 };
  if (chunk === "VP8L" && b.length >= 25) {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { format: "webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, orientation: 1 };
  }
  return null;
}

/** Walks the markers up to the frame header (SOFn); the EXIF segment (APP1) comes before it. */
function jpeg(b: Uint8Array): ImageInfo | null {
  let orientation = 1;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame header
    const length = be16(b, i + 2);
    if (length < 2) return null;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 9 > b.length) return null;
      return { format: "jpeg", height: be16(b, i + 5), width: be16(b, i + 7), orientation };
    }
    if (marker === 0xe1 && ascii(b, i + 4, i + 10) === "Exif\0\0") orientation = exifOrientation(b.subarray(i + 10, i + 2 + length)) ?? orientation;
    i += 2 + length;
  }
  return null;
}

/** Tag 0x0112 of IFD0 in a TIFF block; null when absent or malformed. */
function exifOrientation(t: Uint8Array): number | null {
  if (t.length < 8) return null;
  const little = ascii(t, 0, 2) === "II";
  if (!little && ascii(t, 0, 2) !== "MM") return null;
  const u16 = (i: number) => (little ? le16(t, i) : be16(t, i));
  const u32 = (i: number) => (little ? (t[i]! | (t[i + 1]! << 8) | (t[i + 2]! << 16)) + t[i + 3]! * 0x1000000 : be32(t, i));
  const ifd = u32(4);
  if (ifd + 2 > t.length) return null;
  const count = u16(ifd);
  for (let e = 0; e < count; e++) {
    const at = ifd + 2 + e * 12;
    if (at + 12 > t.length) return null;
    if (u16(at) === 0x0112) {
      const value = u16(at + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}
