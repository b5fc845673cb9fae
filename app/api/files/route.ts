import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { env } from "@/lib/env";
import { saveFile } from "@/lib/files/save-file";
import { saveThumbnail } from "@/lib/files/save-thumbnail";
import { runInBackground } from "@/lib/inbox/run-in-background";

export const dynamic = "force-dynamic";

const query = z.object({ name: z.string().min(1).max(1000) });

/**
 * An agent's upload, to attach to a reply: the raw bytes as application/octet-stream,
 * the file's name in `?name=`. 201 with the stored file; its type comes from the bytes.
 * An image's thumbnail is made afterwards, off the answer's clock (a big photo takes seconds).
 */
export const POST = withSession({ query, upload: { limit: () => env().filesMaxBytes } }, async ({ session, query, upload }) => {
  const file = await saveFile({ accountId: session.accountId, source: "upload", uploadedById: session.userId, name: query.name, bytes: upload });
  if (file.kind === "image") runInBackground(saveThumbnail({ accountId: session.accountId, fileId: file.id }));
  return Response.json({ file }, { status: 201 });
});
