import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { fileStore } from "@/lib/files/save-file";

/** A file of this account with its bytes; another account's file is a 404, like a missing one. */
export async function loadFile(opts: { accountId: string; fileId: string }) {
  const row = await db().storedFile.findFirst({ where: { id: opts.fileId, accountId: opts.accountId } });
  if (!row) throw notFound("No such file");
  const bytes = await fileStore().get(row.id);
  if (!bytes) throw notFound("No such file");
  return { row, bytes };
}
