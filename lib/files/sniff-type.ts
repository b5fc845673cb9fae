/**
 * The type of a file from its first bytes, never from a header or a name the
 * sender chose: what Inbox stores and serves is what the bytes are. Only types
 * an inbox needs and a browser cannot execute are known (no SVG, no HTML); for
 * the zip- and OLE-based office formats the name picks among look-alikes.
 */
export type SniffedType = { mime: string; kind: "image" | "video" | "audio" | "file" };

type Rule = { mime: string; kind: SniffedType["kind"]; at?: number; bytes: number[] };

const rules: Rule[] = [
  { mime: "image/png", kind: "image", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: "image/jpeg", kind: "image", bytes: [0xff, 0xd8, 0xff] },
  { mime: "image/gif", kind: "image", bytes: [0x47, 0x49, 0x46, 0x38] },
  { mime: "application/pdf", kind: "file", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: "audio/mpeg", kind: "audio", bytes: [0x49, 0x44, 0x33] },
  { mime: "audio/ogg", kind: "audio", bytes: [0x4f, 0x67, 0x67, 0x53] },
];

const officeByExtension: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};
const oleByExtension: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
};

const startsWith = (b: Buffer, bytes: number[], at = 0) => b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString("latin1");
const extensionOf = (name: string) => name.toLowerCase().split(".").pop() ?? "";

export function sniffType(bytes: Buffer, name: string): SniffedType | null {
  for (const r of rules) if (startsWith(bytes, r.bytes, r.at)) return { mime: r.mime, kind: r.kind };
  // MPEG audio frame sync without an ID3 tag.
  if (bytes.length > 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) !== 0) return { mime: "audio/mpeg", kind: "audio" };
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return { mime: "image/webp", kind: "image" };
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WAVE") return { mime: "audio/wav", kind: "audio" };
  if (ascii(bytes, 4, 8) === "ftyp") {
    const brand = ascii(bytes, 8, 12);
    if (brand.startsWith("M4A")) return { mime: "audio/mp4", kind: "audio" };
    if (brand === "qt  ") return { mime: "video/quicktime", kind: "video" };
    return { mime: "video/mp4", kind: "video" };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const office = officeByExtension[extensionOf(name)];
    return { mime: office ?? "application/zip", kind: "file" };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const ole = oleByExtension[extensionOf(name)];
    return ole ? { mime: ole, kind: "file" } : null;
  }
  if (isPlainText(bytes)) {
    const ext = extensionOf(name);
    if (ext === "csv") return { mime: "text/csv", kind: "file" };
    if (ext === "txt" || ext === "log") return { mime: "text/plain", kind: "file" };
  }
  return null;
}

/** UTF-8 with no control bytes beyond tab and line breaks (an HTML file is text too: it is served as a download). */
function isPlainText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 64 * 1024);
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, lastCompleteChar(head)));
    return true;
  } catch {
    return false;
  }
}

/** Where the sample can be cut without splitting a multi-byte character. */
function lastCompleteChar(b: Buffer): number {
  let i = b.length;
  for (let back = 0; back < 4 && i > 0; back++) {
    const byte = b[i - 1]!;
    if ((byte & 0xc0) !== 0x80) return (byte & 0x80) === 0 ? i : i - 1;
    i--;
  }
  return b.length;
}
