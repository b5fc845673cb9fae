// Kept here too: the inbox code imports it from this path. It lives in lib/ itself so that
// channel folders (OAuth state rows) can use it without importing lib/inbox.
export { createId } from "@/lib/create-id";
