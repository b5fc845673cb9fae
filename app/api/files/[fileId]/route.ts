import { z } from "zod";
import { withSession } from "@/lib/auth/with-session";
import { loadFile } from "@/lib/files/load-file";
import { fileParams as params } from "@/lib/http/route-params";
import { fileKind } from "@/lib/shared/file-dto";

export const dynamic = "force-dynamic";

const query = z.object({ size: z.enum(["thumb"]).optional() });

/**
 * A file of the signed-in member's account (another account's is a 404). Served so
 * that nothing in it runs in the app's origin: the sniffed type, nosniff, a sandboxing
 * CSP, and only images, video and audio inline — everything else downloads.
 * `?size=thumb`: the image's thumbnail, or the original while it has none.
 */
export const GET = withSession({ params, query }, async ({ req, session, params, query }) => {
  const { row, bytes, fallback } = await loadFile({ accountId: session.accountId, userId: session.userId, fileId: params.fileId, size: query.size });
  const inline = fileKind(row.mime) !== "file";
  const etag = `"${row.sha256}"`;
  const headers = {
    "Content-Type": row.mime,
    "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(row.name)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    ETag: etag,
    // Private to the member's browser; the bytes under an id never change. A thumbnail URL that
    // still serves the original is asked again (a 304 while nothing changed): its thumbnail may come.
    "Cache-Control": fallback ? "private, no-cache" : "private, max-age=86400, immutable",
  };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(bytes), { headers: { ...headers, "Content-Length": String(bytes.length) } });
});
