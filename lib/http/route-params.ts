import { z } from "zod";
import { printableId } from "@/lib/http/safe-string";

/** Path params of the inbox routes: printable ids only, so odd bytes are a 400 before any query. */
export const conversationParams = z.object({ id: printableId() });
export const messageParams = z.object({ id: printableId(), messageId: printableId() });
export const memberParams = z.object({ userId: printableId() });
export const fileParams = z.object({ fileId: printableId() });
