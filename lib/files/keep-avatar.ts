import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { fetchMedia } from "@/lib/files/fetch-media";
import { saveFile } from "@/lib/files/save-file";
import { saveThumbnail } from "@/lib/files/save-thumbnail";
import { sniffType } from "@/lib/files/sniff-type";

/** A profile picture is small: anything bigger is not one. */
const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
const extension: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp" };

/**
 * Downloads a contact's profile picture from the platform with the guarded media fetcher (allow-listed
 * hosts, every hop's address checked, size cap, timeout) and keeps it as an account file, so the
 * agent's browser loads it from Inbox. An image by its bytes, or nothing: null on any failure
 * (the contact then shows initials). Never throws.
 */
export async function keepAvatar(opts: { accountId: string; url: string }): Promise<{ id: string; url: string } | null> {
  try {
    const media = env().media;
    const result = await fetchMedia(opts.url, { ...media, maxBytes: Math.min(media.maxBytes, AVATAR_MAX_BYTES) });
    if (!result.ok) {
      log().info({ reason: result.reason }, "contact avatar not downloaded; initials are shown");
      return null;
    }
    const type = sniffType(result.bytes, "avatar");
    const ext = type ? extension[type.mime] : undefined;
    if (!ext) {
      log().info({ reason: "not_an_image" }, "contact avatar not kept; initials are shown");
      return null;
    }
    const file = await saveFile({ accountId: opts.accountId, source: "avatar", name: `avatar.${ext}`, bytes: result.bytes });
    await saveThumbnail({ accountId: opts.accountId, fileId: file.id });
    return { id: file.id, url: file.url };
  } catch (err) {
    log().warn({ err }, "contact avatar not kept; initials are shown");
    return null;
  }
}
