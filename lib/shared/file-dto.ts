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

/** The app's own URL of a stored file (served to the account's members only), or null: the thread shows it as is. */
export function appFileUrlOrNull(raw: string | null | undefined): string | null {
  return raw && /^\/api\/files\/[a-z0-9]{8,64}$/.test(raw) ? raw : null;
}

export function fileKind(mime: string): FileDto["kind"] {
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  return "file";
}

export function toFileDto(row: { id: string; name: string; mime: string; size: number }): FileDto {
  return { id: row.id, name: row.name, mime: row.mime, kind: fileKind(row.mime), size: row.size, url: fileUrl(row.id) };
}
