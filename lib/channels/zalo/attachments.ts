// Client-safe: what a Zalo OA can attach to a consultation message. Uploads go to
// POST /v2.0/oa/upload/image (JPG/PNG, ≤ 1 MB), /upload/gif (≤ 5 MB) and /upload/file (PDF, DOC,
// DOCX, ≤ 5 MB), multipart field `file`, access_token header (Zalo OA API "Upload hình ảnh",
// "Upload ảnh GIF", "Upload file"). There is no video or audio message for an OA to send.
import { MB, type OutboundAttachmentPolicy } from "@/lib/shared/outbound-attachments";

export const zaloOutboundAttachments: OutboundAttachmentPolicy = {
  rules: [
    { label: "JPG and PNG images", mimes: ["image/jpeg", "image/png"], maxBytes: 1 * MB, as: "image" },
    { label: "GIFs", mimes: ["image/gif"], maxBytes: 5 * MB, as: "gif" },
    {
      label: "PDF, DOC and DOCX files",
      mimes: ["application/pdf", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      maxBytes: 5 * MB,
      as: "file",
    },
  ],
  maxFiles: 10,
  accepts: "JPG/PNG images up to 1 MB, GIFs up to 5 MB, PDF/DOC/DOCX files up to 5 MB; no video or audio",
};
