import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { createId } from "@/lib/create-id";
import { log } from "@/lib/log";
import { makeThumbnail, THUMBNAIL_OPTIONS, type ThumbnailOptions } from "@/lib/files/make-thumbnail";
import { fileStore } from "@/lib/files/save-file";
import { sniffType } from "@/lib/files/sniff-type";
import { fileKind } from "@/lib/shared/file-dto";

/**
 * Makes and keeps the thumbnail of a stored image of this account: a StoredFile of the same
 * account whose thumbnailOfId names the original (GET /api/files/<original>?size=thumb serves it).
 * Returns its id, or null when there is none (not an image, small enough, over the pixel budget,
 * corrupt, out of time). Never throws: the original stands whatever happens here.
 */
export async function saveThumbnail(opts: { accountId: string; fileId: string; options?: ThumbnailOptions }): Promise<string | null> {
  try {
    const original = await db().storedFile.findFirst({
      where: { id: opts.fileId, accountId: opts.accountId, thumbnailOfId: null },
      select: { id: true, name: true, mime: true, source: true, uploadedById: true, thumbnail: { select: { id: true } } },
    });
    if (!original || fileKind(original.mime) !== "image") return null;
    if (original.thumbnail) return original.thumbnail.id;
    const bytes = await fileStore().get(original.id);
    if (!bytes) return null;
    const started = Date.now();
    const made = await makeThumbnail(bytes, opts.options ?? THUMBNAIL_OPTIONS);
    if (!made.ok) {
      if (made.reason !== "small_enough" && made.reason !== "not_resizable") log().info({ fileId: original.id, reason: made.reason, detail: made.detail, ms: Date.now() - started }, "no thumbnail; the original is shown");
      return null;
    }
    // What is kept is what the bytes are, as for every file.
    if (sniffType(made.bytes, "thumbnail")?.mime !== made.mime) return null;
    const id = createId();
    await fileStore().put(id, made.bytes);
    try {
      await db().storedFile.create({
        data: {
          id,
          accountId: opts.accountId,
          source: original.source,
          name: thumbnailName(original.name, made.mime),
          mime: made.mime,
          size: made.bytes.length,
          sha256: createHash("sha256").update(made.bytes).digest("hex"),
          uploadedById: original.uploadedById,
          thumbnailOfId: original.id,
        },
      });
    } catch (err) {
      // Another node made it first (unique thumbnailOfId), or the original went meanwhile.
      await fileStore().remove(id);
      const other = await db().storedFile.findFirst({ where: { thumbnailOfId: original.id, accountId: opts.accountId }, select: { id: true } });
      if (!other) log().warn({ err, fileId: original.id }, "thumbnail not recorded");
      return other?.id ?? null;
    }
    log().debug({ fileId: original.id, thumbnailId: id, width: made.width, height: made.height, ms: Date.now() - started }, "thumbnail kept");
    return id;
  } catch (err) {
    log().warn({ err, fileId: opts.fileId }, "thumbnail failed; the original is shown");
    return null;
  }
}

function thumbnailName(name: string, mime: string): string {
  const base = name.replace(/\.[^.]*$/, "") || "image";
  return `${base}-thumbnail.${mime === "image/png" ? "png" : "jpg"}`.slice(-200);
}

/** Removes a file's bytes and rows, its thumbnail's too (the thumbnail's row goes by cascade). */
export async function dropStoredFile(opts: { accountId: string; fileId: string }): Promise<void> {
  const thumbs = await db().storedFile.findMany({ where: { thumbnailOfId: opts.fileId, accountId: opts.accountId }, select: { id: true } });
  await db().storedFile.deleteMany({ where: { id: opts.fileId, accountId: opts.accountId } });
  for (const f of [{ id: opts.fileId }, ...thumbs]) await fileStore().remove(f.id);
}
