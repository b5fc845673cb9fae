// Client-safe: what a channel lets an agent attach to a reply. One check for the composer
// (before uploading) and for lib/inbox/send-reply.ts (before anything is stored or sent).

/**
 * One kind of file a channel sends. `mimes` are exact types or "type/*"; the first rule that
 * matches a file's type decides. `as` tells the channel's adapter how to send it (Messenger's
 * attachment type; Zalo's upload endpoint).
 */
export type OutboundAttachmentRule = { label: string; mimes: readonly string[]; maxBytes: number; as: string };

export type OutboundAttachmentPolicy = {
  rules: readonly OutboundAttachmentRule[];
  /** Files per reply (each goes out as its own platform message). */
  maxFiles: number;
  /** Said when no rule matches: what the channel can send. */
  accepts: string;
};

/** Why a file cannot go: the pieces, so the browser says it in the agent's language (`reason` is the English sentence). */
export type OutboundFileProblem = { kind: "type"; name: string } | { kind: "size"; name: string; as: string; maxBytes: number; size: number };

export type OutboundFileCheck = { ok: true; rule: OutboundAttachmentRule } | { ok: false; reason: string; problem: OutboundFileProblem };

export const MB = 1024 * 1024;

const matches = (pattern: string, mime: string) => pattern === "*" || pattern === mime || (pattern.endsWith("/*") && mime.startsWith(pattern.slice(0, -1)));

export function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** Whether the channel can send this file: the rule it goes out under, or why not (a sentence for the agent). */
export function checkOutboundFile(channelLabel: string, policy: OutboundAttachmentPolicy, file: { name: string; mime: string; size: number }): OutboundFileCheck {
  const mime = file.mime.toLowerCase();
  const rule = policy.rules.find((r) => r.mimes.some((p) => matches(p, mime)));
  if (!rule) return { ok: false, reason: `${file.name}: ${channelLabel} cannot send this kind of file (${policy.accepts}).`, problem: { kind: "type", name: file.name } };
  if (file.size > rule.maxBytes) {
    return {
      ok: false,
      reason: `${file.name}: ${channelLabel} accepts ${rule.label.toLowerCase()} up to ${megabytes(rule.maxBytes)} (this one is ${megabytes(file.size)}).`,
      problem: { kind: "size", name: file.name, as: rule.as, maxBytes: rule.maxBytes, size: file.size },
    };
  }
  return { ok: true, rule };
}

// The browser's type for a chosen file is from its extension and may be empty; the server
// decides again from the bytes (lib/files/sniff-type.ts).
const byExtension: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  mp4: "video/mp4",
  mov: "video/quicktime",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  wav: "audio/wav",
  txt: "text/plain",
  csv: "text/csv",
  zip: "application/zip",
};

/** The type a chosen file most likely has: the browser's, else one from its extension. */
export function guessMime(name: string, browserType: string): string {
  if (browserType) return browserType;
  const ext = name.toLowerCase().split(".").pop() ?? "";
  return byExtension[ext] ?? "application/octet-stream";
}
