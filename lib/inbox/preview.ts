import type { IncomingAttachment } from "@/lib/channels/types";

const labels: Record<IncomingAttachment["type"], string> = {
  image: "📷 Photo",
  file: "📎 File",
  audio: "🎤 Audio",
  video: "🎬 Video",
  sticker: "Sticker",
  link: "🔗 Link",
  location: "📍 Location",
  fallback: "🔗 Link",
};

/** The one-line summary the conversation list shows. */
export function previewOf(text: string, attachments: readonly { type: IncomingAttachment["type"] }[]): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line) return line.length > 140 ? `${line.slice(0, 139)}…` : line;
  const first = attachments[0];
  return first ? labels[first.type] : "";
}
