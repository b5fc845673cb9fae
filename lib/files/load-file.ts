import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { fileStore } from "@/lib/files/save-file";
import { fileWhere, visibleInboxes } from "@/lib/access/visible-inboxes";

/**
 * A file of this account with its bytes; another account's file is a 404, like a missing one.
 * A member limited to some inboxes sees only their own uploads and files of messages in those inboxes.
 * `size: "thumb"` asks for the original's thumbnail (same account check: the original's), and
 * falls back to the original itself while it has none (`fallback`: one may come later).
 */
export async function loadFile(opts: { accountId: string; userId: string; fileId: string; size?: "thumb" }) {
  const scope = await visibleInboxes(db(), opts);
  const row = await db().storedFile.findFirst({ where: { id: opts.fileId, accountId: opts.accountId, ...fileWhere(scope, opts.userId) } });
  if (!row) throw notFound("No such file", "file_not_found");
  const thumb = opts.size === "thumb" ? await db().storedFile.findFirst({ where: { thumbnailOfId: row.id, accountId: opts.accountId } }) : null;
  const bytes = thumb ? await fileStore().get(thumb.id) : null;
  if (thumb && bytes) return { row: thumb, bytes, fallback: false };
  const original = await fileStore().get(row.id);
  if (!original) throw notFound("No such file", "file_not_found");
  return { row, bytes: original, fallback: opts.size === "thumb" };
}
