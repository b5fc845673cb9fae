import { withSession } from "@/lib/auth/with-session";
import { loadFile } from "@/lib/files/load-file";
import { fileParams as params } from "@/lib/http/route-params";
import { fileKind } from "@/lib/shared/file-dto";

export const dynamic = "force-dynamic";

/**
 * A file of the signed-in member's account (another account's is a 404). Served so
 * that nothing in it runs in the app's origin: the sniffed type, nosniff, a sandboxing
 * CSP, and only images, video and audio inline — everything else downloads.
 */
export const GET = withSession({ params }, async ({ session, params }) => {
  const { row, bytes } = await loadFile({ accountId: session.accountId, fileId: params.fileId });
  const inline = fileKind(row.mime) !== "file";
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": row.mime,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
      // Private to the member's browser; the bytes under an id never change.
      "Cache-Control": "private, max-age=86400, immutable",
    },
  });
});
