import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createId } from "@/lib/create-id";
import { localDiskStore, type FileStore } from "@/lib/files/file-store";
import { sniffType } from "@/lib/files/sniff-type";
import { toFileDto, type FileDto } from "@/lib/shared/file-dto";
import { asAccount } from "@/lib/tenancy/tenant-context";

export const fileStore = (): FileStore => localDiskStore(env().filesDir);

/** What a name may look like once stored: no path, no control characters, bounded. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 200);
  return cleaned || "file";
}

/**
 * Keeps a file for an account: checked against the size cap and the known types
 * (sniffed from the bytes), written to the store, then recorded. The bytes go
 * first so that a row never names a file that is not there.
 */
export async function saveFile(opts: {
  accountId: string;
  source: "upload" | "inbound" | "avatar";
  uploadedById?: string;
  name: string;
  bytes: Buffer;
}): Promise<FileDto> {
  const { accountId, source, bytes } = opts;
  const name = cleanFileName(opts.name);
  if (bytes.length === 0) throw new AppError("bad_request", "The file is empty", { reason: "file_empty" });
  if (bytes.length > env().filesMaxBytes) throw new AppError("payload_too_large", `Files are limited to ${env().filesMaxBytes} bytes`, { reason: "file_too_big", params: { max: env().filesMaxBytes } });
  const type = sniffType(bytes, name);
  if (!type) throw new AppError("bad_request", "This kind of file cannot be sent (images, video, audio, PDF, office documents and text only)", { reason: "unsupported_type" });
  const id = createId();
  await fileStore().put(id, bytes);
  const row = await asAccount(accountId, () => db().storedFile.create({
    data: {
      id,
      accountId,
      source,
      name,
      mime: type.mime,
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      uploadedById: opts.uploadedById ?? null,
    },
  }));
  return toFileDto(row);
}
