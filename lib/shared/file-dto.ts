/** A file Inbox keeps, as the browser sees it: served from the app's own origin only. */
export type FileDto = {
  id: string;
  name: string;
  mime: string;
  kind: "image" | "video" | "audio" | "file";
  size: number;
  url: string;
};

export const fileUrl = (id: string) => `/api/files/${id}`;
/** An app file URL's thumbnail (the original itself while an image has none); for display, never for download. */
export const thumbUrl = (url: string) => `${url}?size=thumb`;

export function fileKind(mime: string): FileDto["kind"] {
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  return "file";
}

export function toFileDto(row: { id: string; name: string; mime: string; size: number }): FileDto {
  return { id: row.id, name: row.name, mime: row.mime, kind: fileKind(row.mime), size: row.size, url: fileUrl(row.id) };
}

/** Attachment types that are the platform's media: Inbox downloads and serves them (links and locations stay links). */
const keptMedia = new Set(["image", "video", "audio", "file", "sticker"]);
export const isKeptMedia = (type: string) => keptMedia.has(type);

/** An app file URL and nothing else: what the thread may load without leaving the app's origin. */
export function appFileUrlOrNull(url: string | null | undefined): string | null {
  return url && /^\/api\/files\/[a-z0-9]{8,64}$/.test(url) ? url : null;
}
