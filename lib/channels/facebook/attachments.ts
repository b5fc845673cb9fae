// Client-safe: what Messenger takes as an attachment. Send API attachment types image, video, audio
// and file, each up to 25 MB when uploaded with the message (developers.facebook.com/docs/messenger-
// platform/send-messages/saving-assets: "supports ... the following asset types, up to 25MB in size").
// `file` takes any document, so every type Inbox stores goes out as one of the four.
import { MB, type OutboundAttachmentPolicy } from "@/lib/shared/outbound-attachments";

export const facebookOutboundAttachments: OutboundAttachmentPolicy = {
  rules: [
    { label: "Images", mimes: ["image/*"], maxBytes: 25 * MB, as: "image" },
    { label: "Videos", mimes: ["video/*"], maxBytes: 25 * MB, as: "video" },
    { label: "Audio", mimes: ["audio/*"], maxBytes: 25 * MB, as: "audio" },
    { label: "Files", mimes: ["*"], maxBytes: 25 * MB, as: "file" },
  ],
  maxFiles: 10,
  accepts: "images, video, audio and files up to 25 MB",
};
